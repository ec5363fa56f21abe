package dev.distlab.verify.bench;

import java.util.Locale;

/** How figures are written in the tables and the progress lines. */
final class Fmt {

    private Fmt() {
    }

    /** Requests per second, whole, with thousands separators: 12,345. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(perSecond));
    }

    /** Milliseconds with two significant decimals below 10 ms, one below 100 ms, none above. */
    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        double abs = Math.abs(ms);
        String format = abs < 10 ? "%.2f ms" : abs < 100 ? "%.1f ms" : "%.0f ms";
        return String.format(Locale.ROOT, format, ms);
    }

    /** A signed difference in ms: +0.42 ms. */
    static String addedMs(double ms) {
        return Double.isNaN(ms) ? "–" : (ms >= 0 ? "+" : "") + ms(ms);
    }

    /** A ratio: 0.83×; below 0.1 with three decimals (0.003×), so that a small ratio does not read as zero. */
    static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "–";
        }
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f×" : "%.2f×", ratio);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / 1048576.0));
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
