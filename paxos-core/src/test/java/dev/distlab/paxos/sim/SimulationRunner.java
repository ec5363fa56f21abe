package dev.distlab.paxos.sim;

/**
 * Runs a range of seeds and reports failures with their seeds, on every core ({@link SeedSweep}). Used by
 * {@code SimulationSweepTest}; also a plain {@code main}: {@code SimulationRunner [firstSeed] [count]}.
 */
public final class SimulationRunner {
    private SimulationRunner() {
    }

    /** @return the failures found (each message names its seed), at most {@code maxFailures} */
    public static java.util.List<String> sweep(long firstSeed, long count, long progressEvery, int maxFailures) {
        java.util.List<String> failures = new java.util.ArrayList<>();
        long started = System.nanoTime();
        Tally tally = new Tally();
        SeedSweep.<Simulation.Summary>run(firstSeed, count, SimulationRunner::runSeed, outcome -> {
            if (outcome.failed()) {
                failures.add(outcome.failure());
                System.out.println(outcome.failure());
            } else {
                Simulation.Summary s = outcome.summary();
                tally.ops += s.operations;
                if (!s.linearizabilityChecked) {
                    tally.undecided++;
                    System.out.println("seed " + outcome.seed() + ": linearizability search over budget, not decided");
                }
                tally.ticks += s.ticks;
            }
            if (outcome.seconds() > 2) {
                System.out.printf("slow seed %d: %.1fs%n", outcome.seed(), outcome.seconds());
            }
            long i = ++tally.seeds;
            if (progressEvery > 0 && i % progressEvery == 0) {
                System.out.printf("paxos sweep: %d/%d seeds, %d failures, %d ops, %d ticks, %.1fs%n", i, count,
                        failures.size(), tally.ops, tally.ticks, (System.nanoTime() - started) / 1e9);
            }
            return failures.size() < maxFailures;
        });
        System.out.printf("paxos sweep done: %d seeds from %d, %d failures, %d undecided histories, %d client ops, "
                + "%.1fs on %d threads%n", count, firstSeed, failures.size(), tally.undecided, tally.ops,
                (System.nanoTime() - started) / 1e9, SeedSweep.threads());
        return failures;
    }

    private static SeedSweep.Outcome<Simulation.Summary> runSeed(long seed) {
        long start = System.nanoTime();
        try {
            Simulation.Summary s = Simulation.run(seed);
            return new SeedSweep.Outcome<>(seed, s, null, (System.nanoTime() - start) / 1e9);
        } catch (SimulationFailure f) {
            return new SeedSweep.Outcome<>(seed, null, f.getMessage(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** Sums over the seeds handed over so far. */
    private static final class Tally {
        long seeds;
        long ops;
        long ticks;
        long undecided;
    }

    public static void main(String[] args) {
        long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
        long count = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        System.exit(sweep(first, count, 1000, 20).isEmpty() ? 0 : 1);
    }
}
