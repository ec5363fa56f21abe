package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI sweep of the production path: a fixed number of seeds (not a time budget, so a run is reproducible), from
 * a window that moves each day ({@link SeedWindow}; the run prints its first seed).
 * The long sweep: {@code ./mvnw -q -pl paxos-node test -Dtest=NodeSimulationSweepTest -Dpaxos.node.seeds=100000
 * [-Dpaxos.node.firstSeed=1]}.
 */
class NodeSimulationSweepTest {

    static final long CI_SEEDS = 500;

    @Test
    void everySeedKeepsSafetyAndMakesProgressAfterHealing() {
        long seeds = Long.getLong("paxos.node.seeds", CI_SEEDS);
        long first = SeedWindow.firstSeed("paxos.node.firstSeed", seeds);
        var failures = NodeSimulationRunner.sweep(first, seeds, NodeSimulation.simulatedDisks(), seeds >= 1000 ? 500 : 100,
                10);
        assertThat(failures).as("failing seeds").isEmpty();
    }
}
