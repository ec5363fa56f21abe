package dev.distlab.paxos.sim;

/** A safety or liveness violation found by {@link NodeSimulation}, tagged with the seed that replays it. */
public final class NodeSimulationFailure extends RuntimeException {

    private final long seed;

    NodeSimulationFailure(long seed, String message, Throwable cause) {
        super("Node simulation failed for seed " + seed + ": " + message + "; replay with -Dpaxos.node.seed=" + seed,
                cause);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
