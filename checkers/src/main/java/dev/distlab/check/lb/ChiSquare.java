package dev.distlab.check.lb;

/**
 * Pearson's chi-square goodness of fit and its p-value, written out here so the checkers need no statistics
 * library: the survival function of the chi-square distribution is the regularized upper incomplete gamma
 * function Q(df/2, x/2), computed by its series or its continued fraction (Numerical Recipes, 6.2).
 */
final class ChiSquare {

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};

    private ChiSquare() {
    }

    /** Sum over categories of (observed - expected)² / expected; categories expecting nothing are skipped. */
    static double statistic(long[] observed, double[] expected) {
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expected[i] > 0) {
                double difference = observed[i] - expected[i];
                sum += difference * difference / expected[i];
            }
        }
        return sum;
    }

    /** P(X ≥ chi2) for X chi-square distributed with {@code df} degrees of freedom. */
    static double pValue(double chi2, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
        }
        return chi2 <= 0 ? 1.0 : upperRegularizedGamma(df / 2.0, chi2 / 2.0);
    }

    static double upperRegularizedGamma(double a, double x) {
        if (x < a + 1) {
            return Math.max(0, 1 - lowerSeries(a, x));
        }
        return upperContinuedFraction(a, x);
    }

    private static double lowerSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Lentz's method for the continued fraction of Q(a, x). */
    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(a) for a > 0, by Lanczos' approximation (g = 7). */
    static double logGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a); // reflection
        }
        double z = a - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
