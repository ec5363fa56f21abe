package dev.distlab.participant.replication;

/** This replica does not lead; {@code leaderHint} is the one it believes does (0: unknown). */
class NotLeaderException extends RuntimeException {

    private final int leaderHint;

    NotLeaderException(int leaderHint) {
        super(leaderHint == 0 ? "no leader is known" : "replica " + leaderHint + " leads", null, false, false);
        this.leaderHint = leaderHint;
    }

    int leaderHint() {
        return leaderHint;
    }
}
