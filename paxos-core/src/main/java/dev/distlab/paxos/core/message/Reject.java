package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** Negative answer to any ballot-carrying request: the sender's ballot is below {@code promised}. */
public final class Reject extends Message {
    private final Ballot promised;

    public Reject(int from, int to, Ballot ballot, Ballot promised) {
        super(from, to, ballot);
        this.promised = promised;
    }

    public Ballot promised() {
        return promised;
    }

    @Override
    public String toString() {
        return "Reject" + header() + " promised=" + promised;
    }
}
