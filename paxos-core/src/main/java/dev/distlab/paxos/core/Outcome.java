package dev.distlab.paxos.core;

/** Answer to {@code propose} or {@code read}: accepted for processing, or "not leader" with a hint. */
public final class Outcome {
    private static final Outcome ACCEPTED = new Outcome(true, 0);

    private final boolean accepted;
    private final int leaderHint;

    private Outcome(boolean accepted, int leaderHint) {
        this.accepted = accepted;
        this.leaderHint = leaderHint;
    }

    static Outcome accepted() {
        return ACCEPTED;
    }

    static Outcome notLeader(int leaderHint) {
        return new Outcome(false, leaderHint);
    }

    public boolean isAccepted() {
        return accepted;
    }

    /** The node believed to lead, or 0 if unknown (an election may be running). */
    public int leaderHint() {
        return leaderHint;
    }

    @Override
    public String toString() {
        return accepted ? "accepted" : "not leader (leader " + leaderHint + ")";
    }
}
