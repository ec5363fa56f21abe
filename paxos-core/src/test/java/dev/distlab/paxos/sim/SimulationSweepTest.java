package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI sweep: a fixed number of seeds (not a time budget, so a run is reproducible), from a window that moves
 * each day ({@link SeedWindow}), so that successive CI runs together cover far more seeds than one run could.
 * A run prints its first seed; replay it, or sweep more:
 * {@code mvn -q -pl paxos-core test -Dtest=SimulationSweepTest -Dpaxos.seeds=100000 [-Dpaxos.firstSeed=1]}.
 */
class SimulationSweepTest {
    static final long CI_SEEDS = 15_000;

    @Test
    void everySeedKeepsSafetyAndMakesProgressAfterHealing() {
        long seeds = Long.getLong("paxos.seeds", CI_SEEDS);
        long first = SeedWindow.firstSeed("paxos.firstSeed", seeds);
        var failures = SimulationRunner.sweep(first, seeds, seeds >= 1000 ? 1000 : 100, 10);
        assertThat(failures).as("failing seeds").isEmpty();
    }
}
