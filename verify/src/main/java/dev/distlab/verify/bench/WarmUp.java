package dev.distlab.verify.bench;

import java.util.List;

/**
 * When a side is warm: its throughput has stopped climbing. Warm-up runs in chunks, and a side whose last chunk got
 * more than {@link #CLIMB} over the chunk before it is still compiling (or filling its pools) and gets another.
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
        if (rates.size() < 2) {
            return false;
        }
        double last = rates.get(rates.size() - 1);
        double before = rates.get(rates.size() - 2);
        return last <= before * (1 + CLIMB);
    }
}
