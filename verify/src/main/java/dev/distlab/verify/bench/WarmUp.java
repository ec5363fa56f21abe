package dev.distlab.verify.bench;

import java.util.List;

/**
 * When a side is warm: its throughput has stopped climbing. Warm-up runs in chunks; a side is warm once neither of
 * its last two chunks got more than {@link #CLIMB} over the best chunk before them. One chunk against the one before
 * it was fooled by noise: the bank's transfers went 80, 96, 114, 96/s, were called warm, and then measured 132, 186,
 * 191/s.
 */
final class WarmUp {

    static final int CHUNK_SECONDS = 10;
    /** The longest warm-up, as a multiple of {@code --warmup}. */
    static final int LONGEST_FACTOR = 8;
    static final double CLIMB = 0.10;

    private WarmUp() {
    }

    /** Whether the rates of the chunks so far, in order, show a warm side. */
    static boolean settled(List<Double> rates) {
        if (rates.size() < 3) {
            return false;
        }
        int n = rates.size();
        double lastTwo = Math.max(rates.get(n - 1), rates.get(n - 2));
        double bestBefore = rates.subList(0, n - 2).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return lastTwo <= bestBefore * (1 + CLIMB);
    }
}
