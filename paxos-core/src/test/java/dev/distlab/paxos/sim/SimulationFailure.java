package dev.distlab.paxos.sim;

/** A safety or liveness violation found by the simulator, tagged with the seed that replays it. */
public final class SimulationFailure extends RuntimeException {
    private final long seed;

    public SimulationFailure(long seed, String message, Throwable cause) {
        super("Simulation failed for seed " + seed + ": " + message + "; replay with -Dpaxos.seed=" + seed, cause);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
