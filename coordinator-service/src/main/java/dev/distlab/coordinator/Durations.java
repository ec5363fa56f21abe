package dev.distlab.coordinator;

import java.time.Duration;

/** Durations as an operator writes them in the settings: 24h, 10m, 30s or 1500ms. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
