package dev.distlab.paxos.sim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Replays one seed: {@code mvn -q -pl paxos-core test -Dtest=SimulationReplayTest -Dpaxos.seed=123 [-Dpaxos.trace=true]}. */
class SimulationReplayTest {

    @Test
    void replaysTheSeedGivenByProperty() {
        String seed = System.getProperty("paxos.seed");
        Assumptions.assumeTrue(seed != null, "set -Dpaxos.seed to replay a seed");
        Simulation.Summary s = Simulation.run(Long.parseLong(seed));
        System.out.printf("seed %d passed: %d ticks, %d messages, %d client ops, %d slots%n", s.seed, s.ticks,
                s.messages, s.operations, s.slots);
    }
}
