package dev.distlab.paxos.sim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Replays one seed: {@code ./mvnw -q -pl paxos-node test -Dtest=NodeSimulationReplayTest -Dpaxos.node.seed=123
 * [-Dpaxos.trace=true]}.
 */
class NodeSimulationReplayTest {

    @Test
    void replaysTheSeedGivenByProperty() {
        String seed = System.getProperty("paxos.node.seed");
        Assumptions.assumeTrue(seed != null, "set -Dpaxos.node.seed to replay a seed");
        NodeSimulation.Summary s = NodeSimulation.run(Long.parseLong(seed), NodeSimulation.simulatedDisks());
        System.out.println("seed passed: " + s);
    }
}
