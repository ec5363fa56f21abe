package dev.distlab.verify.bench;

import java.util.List;

/** Medians and ratios over rounds. */
final class Stats {

    private Stats() {
    }

    /** The median of the values that are numbers (NaN if there are none); the mean of the middle two if even. */
    static double median(List<Double> values) {
        double[] sorted = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).sorted()
                .toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** a / b, NaN when b is not a positive number. */
    static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }
}
