package dev.distlab.paxos.node;

/** This replica does not lead; {@code leaderHint} is the one it believes does (0: unknown). */
public class NotLeaderException extends RuntimeException {

    private final int leaderHint;

    public NotLeaderException(int leaderHint) {
        super(leaderHint == 0 ? "no leader is known" : "replica " + leaderHint + " leads", null, false, false);
        this.leaderHint = leaderHint;
    }

    public int leaderHint() {
        return leaderHint;
    }
}
