package dev.distlab.paxos.sim;

import java.util.ArrayList;
import java.util.List;

/** Runs a range of seeds of {@link NodeSimulation} and reports failures with their seeds. */
final class NodeSimulationRunner {

    private NodeSimulationRunner() {
    }

    /** @return the failures found (each message names its seed), at most {@code maxFailures} */
    static List<String> sweep(long firstSeed, long count, NodeSimulation.DiskFactory disks, long progressEvery,
            int maxFailures) {
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        long ops = 0;
        long crashes = 0;
        long undecided = 0;
        for (long i = 0; i < count && failures.size() < maxFailures; i++) {
            long seed = firstSeed + i;
            try {
                NodeSimulation.Summary s = NodeSimulation.run(seed, disks);
                ops += s.operations();
                crashes += s.crashes();
                if (!s.linearizabilityChecked()) {
                    undecided++;
                    System.out.println("seed " + seed + ": linearizability search over budget, not decided");
                }
            } catch (NodeSimulationFailure f) {
                failures.add(f.getMessage());
                System.out.println(f.getMessage());
            }
            if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
                System.out.printf("node sweep: %d/%d seeds, %d failures, %d ops, %d crashes, %.1fs%n", i + 1, count,
                        failures.size(), ops, crashes, (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.printf("node sweep done: %d seeds from %d, %d failures, %d undecided histories, %d client ops, "
                + "%d node crashes, %.1fs%n", count, firstSeed, failures.size(), undecided, ops, crashes,
                (System.nanoTime() - started) / 1e9);
        return failures;
    }
}
