package dev.distlab.paxos.sim;

/**
 * Runs a range of seeds and reports failures with their seeds. Used by {@code SimulationSweepTest}; also a
 * plain {@code main}: {@code SimulationRunner [firstSeed] [count]}.
 */
public final class SimulationRunner {
    private SimulationRunner() {
    }

    /** @return the failures found (each message names its seed), at most {@code maxFailures} */
    public static java.util.List<String> sweep(long firstSeed, long count, long progressEvery, int maxFailures) {
        java.util.List<String> failures = new java.util.ArrayList<>();
        long started = System.nanoTime();
        long ops = 0;
        long ticks = 0;
        long inconclusive = 0;
        for (long i = 0; i < count && failures.size() < maxFailures; i++) {
            long seed = firstSeed + i;
            long seedStart = System.nanoTime();
            try {
                Simulation.Summary s = Simulation.run(seed);
                ops += s.operations;
                if (!s.linearizabilityChecked) {
                    inconclusive++;
                    System.out.println("seed " + seed + ": linearizability search over budget, not decided");
                }
                ticks += s.ticks;
            } catch (SimulationFailure f) {
                failures.add(f.getMessage());
                System.out.println(f.getMessage());
            }
            double seconds = (System.nanoTime() - seedStart) / 1e9;
            if (seconds > 2) {
                System.out.printf("slow seed %d: %.1fs%n", seed, seconds);
            }
            if (progressEvery > 0 && (i + 1) % progressEvery == 0) {
                System.out.printf("paxos sweep: %d/%d seeds, %d failures, %d ops, %d ticks, %.1fs%n", i + 1, count,
                        failures.size(), ops, ticks, (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.printf("paxos sweep done: %d seeds from %d, %d failures, %d undecided histories, %d client ops, "
                + "%.1fs%n", count, firstSeed, failures.size(), inconclusive, ops, (System.nanoTime() - started) / 1e9);
        return failures;
    }

    public static void main(String[] args) {
        long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
        long count = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        System.exit(sweep(first, count, 1000, 20).isEmpty() ? 0 : 1);
    }
}
