package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SeedWindowTest {

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void oneDayOneWindowTheNextDayTheNextWindow() {
        long today = SeedWindow.firstSeed("seed.window.test.unset", 500, at("2026-12-06T00:00:01Z"));
        assertThat(SeedWindow.firstSeed("seed.window.test.unset", 500, at("2026-12-06T23:59:59Z"))).isEqualTo(today);
        long tomorrow = SeedWindow.firstSeed("seed.window.test.unset", 500, at("2026-12-07T00:00:00Z"));
        assertThat(Math.abs(tomorrow - today)).isGreaterThanOrEqualTo(500);
        assertThat((today - 1) % 500).isZero();
    }

    @Test
    void theWindowsCycleAndStayPositive() {
        long first = SeedWindow.firstSeed("seed.window.test.unset", 1000, at("1970-01-01T00:00:00Z"));
        assertThat(first).isEqualTo(1);
        assertThat(SeedWindow.firstSeed("seed.window.test.unset", 1000, at("1970-04-11T00:00:00Z")))
                .as("day 100 is window 0 again").isEqualTo(1);
        assertThat(SeedWindow.firstSeed("seed.window.test.unset", 1000, at("1969-12-31T00:00:00Z")))
                .as("a day before the epoch").isEqualTo(1 + 99 * 1000);
    }

    @Test
    void theReplayPropertyWins() {
        System.setProperty("seed.window.test.replay", "4242");
        try {
            assertThat(SeedWindow.firstSeed("seed.window.test.replay", 500, at("2026-12-06T12:00:00Z"))).isEqualTo(4242);
        } finally {
            System.clearProperty("seed.window.test.replay");
        }
    }
}
