package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Seeds run side by side, handed back as one seed at a time would have given them. */
class SeedSweepTest {

    @Test
    void shouldHandOutcomesBackInSeedOrderWhateverOrderTheyFinishIn() {
        List<Long> seen = new ArrayList<>();
        SeedSweep.<Long>run(100, 40, seed -> {
            sleepMillis(seed % 3 == 0 ? 20 : 1); // every third seed finishes after later ones
            return SeedSweep.timed(seed, s -> s * 2, IllegalStateException.class);
        }, outcome -> seen.add(outcome.summary() / 2));

        assertThat(seen).hasSize(40).isSorted().startsWith(100L).endsWith(139L);
    }

    @Test
    void shouldStopStartingSeedsOnceTheConsumerSaysSo() {
        Set<Long> started = ConcurrentHashMap.newKeySet();
        List<SeedSweep.Outcome<Long>> failures = new ArrayList<>();
        SeedSweep.<Long>run(1, 10_000, seed -> {
            started.add(seed);
            sleepMillis(1); // 10,000 seeds take seconds: the sweep is stopped long before their end
            return SeedSweep.timed(seed, s -> {
                if (s % 5 == 0) {
                    throw new IllegalStateException("seed " + s + " failed");
                }
                return s;
            }, IllegalStateException.class);
        }, outcome -> {
            if (outcome.failed()) {
                failures.add(outcome);
            }
            return failures.size() < 2;
        });

        assertThat(failures).extracting(SeedSweep.Outcome::failure).containsExactly("seed 5 failed", "seed 10 failed");
        assertThat(started.size()).as("seeds started").isLessThan(10_000);
    }

    @Test
    void shouldThrowWhatIsNoFailureWhenItsSeedsTurnComes() {
        List<Long> seen = new ArrayList<>();

        assertThatThrownBy(() -> SeedSweep.<Long>run(1, 10, seed -> SeedSweep.timed(seed, s -> {
            if (s == 4) {
                throw new ArithmeticException("a bug in the simulator");
            }
            return s;
        }, IllegalStateException.class), outcome -> seen.add(outcome.summary()))).isInstanceOf(ArithmeticException.class)
                .hasMessage("a bug in the simulator");
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
