package dev.distlab.paxos.sim;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Where a CI sweep starts: the given system property if set (a replay), else a window of the sweep's size that
 * moves with the UTC date through {@link #WINDOWS} windows. Every run on one day sweeps the same seeds, and a
 * hundred days of CI sweep a hundred times as many as one run; the first seed is printed, so a failure found on
 * any day can be replayed with the property.
 */
public final class SeedWindow {

    /** How many different windows the date cycles through. */
    static final long WINDOWS = 100;

    private SeedWindow() {
    }

    public static long firstSeed(String property, long seeds) {
        return firstSeed(property, seeds, Clock.systemUTC());
    }

    static long firstSeed(String property, long seeds, Clock clock) {
        Long replay = Long.getLong(property);
        if (replay != null) {
            return replay;
        }
        LocalDate today = LocalDate.now(clock);
        long first = 1 + Math.floorMod(today.toEpochDay(), WINDOWS) * seeds;
        System.out.printf("seed window of %s (UTC): seeds %d to %d; replay with -D%s=%d%n", today, first,
                first + seeds - 1, property, first);
        return first;
    }
}
