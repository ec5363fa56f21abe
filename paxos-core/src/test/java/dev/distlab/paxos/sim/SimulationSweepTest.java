package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI sweep: a fixed number of seeds (not a time budget, so a run is reproducible).
 * More: {@code mvn -q -pl paxos-core test -Dtest=SimulationSweepTest -Dpaxos.seeds=100000 [-Dpaxos.firstSeed=1]}.
 */
class SimulationSweepTest {
    static final long CI_SEEDS = 30_000;

    @Test
    void everySeedKeepsSafetyAndMakesProgressAfterHealing() {
        long seeds = Long.getLong("paxos.seeds", CI_SEEDS);
        long first = Long.getLong("paxos.firstSeed", 1);
        var failures = SimulationRunner.sweep(first, seeds, seeds >= 1000 ? 1000 : 100, 10);
        assertThat(failures).as("failing seeds").isEmpty();
    }
}
