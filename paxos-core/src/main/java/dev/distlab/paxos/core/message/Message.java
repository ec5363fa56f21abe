package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** A protocol message between replicas. Every message names the ballot it speaks for. */
public abstract class Message {
    private final int from;
    private final int to;
    private final Ballot ballot;

    protected Message(int from, int to, Ballot ballot) {
        this.from = from;
        this.to = to;
        this.ballot = ballot;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public Ballot ballot() {
        return ballot;
    }

    protected String header() {
        return "(" + from + "->" + to + " b=" + ballot + ")";
    }
}
