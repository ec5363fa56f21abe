package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI sweep of the production path: a fixed number of seeds (not a time budget, so a run is reproducible).
 * The long sweep: {@code ./mvnw -q -pl paxos-node test -Dtest=NodeSimulationSweepTest -Dpaxos.node.seeds=100000
 * [-Dpaxos.node.firstSeed=1]}.
 */
class NodeSimulationSweepTest {

    static final long CI_SEEDS = 1_000;

    @Test
    void everySeedKeepsSafetyAndMakesProgressAfterHealing() {
        long seeds = Long.getLong("paxos.node.seeds", CI_SEEDS);
        long first = Long.getLong("paxos.node.firstSeed", 1);
        var failures = NodeSimulationRunner.sweep(first, seeds, NodeSimulation.simulatedDisks(), seeds >= 1000 ? 500 : 100,
                10);
        assertThat(failures).as("failing seeds").isEmpty();
    }
}
