package dev.distlab.paxos.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a range of seeds of {@link NodeSimulation} on every core ({@link SeedSweep}) and reports failures with
 * their seeds.
 */
final class NodeSimulationRunner {

    private NodeSimulationRunner() {
    }

    /** @return the failures found (each message names its seed), at most {@code maxFailures} */
    static List<String> sweep(long firstSeed, long count, NodeSimulation.DiskFactory disks, long progressEvery,
            int maxFailures) {
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        Tally tally = new Tally();
        SeedSweep.<NodeSimulation.Summary>run(firstSeed, count, seed -> runSeed(seed, disks), outcome -> {
            if (outcome.failed()) {
                failures.add(outcome.failure());
                System.out.println(outcome.failure());
            } else {
                NodeSimulation.Summary s = outcome.summary();
                tally.ops += s.operations();
                tally.crashes += s.crashes();
                if (!s.linearizabilityChecked()) {
                    tally.undecided++;
                    System.out.println("seed " + outcome.seed() + ": linearizability search over budget, not decided");
                }
            }
            long i = ++tally.seeds;
            if (progressEvery > 0 && i % progressEvery == 0) {
                System.out.printf("node sweep: %d/%d seeds, %d failures, %d ops, %d crashes, %.1fs%n", i, count,
                        failures.size(), tally.ops, tally.crashes, (System.nanoTime() - started) / 1e9);
            }
            return failures.size() < maxFailures;
        });
        System.out.printf("node sweep done: %d seeds from %d, %d failures, %d undecided histories, %d client ops, "
                + "%d node crashes, %.1fs on %d threads%n", count, firstSeed, failures.size(), tally.undecided,
                tally.ops, tally.crashes, (System.nanoTime() - started) / 1e9, SeedSweep.threads());
        return failures;
    }

    private static SeedSweep.Outcome<NodeSimulation.Summary> runSeed(long seed, NodeSimulation.DiskFactory disks) {
        long start = System.nanoTime();
        try {
            return new SeedSweep.Outcome<>(seed, NodeSimulation.run(seed, disks), null,
                    (System.nanoTime() - start) / 1e9);
        } catch (NodeSimulationFailure f) {
            return new SeedSweep.Outcome<>(seed, null, f.getMessage(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** Sums over the seeds handed over so far. */
    private static final class Tally {
        long seeds;
        long ops;
        long crashes;
        long undecided;
    }
}
