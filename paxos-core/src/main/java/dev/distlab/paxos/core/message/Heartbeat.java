package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** Leadership beacon and commit notification; {@code seq} numbers the round so read-index can count acks. */
public final class Heartbeat extends Message {
    private final long commitIndex;
    private final long seq;

    public Heartbeat(int from, int to, Ballot ballot, long commitIndex, long seq) {
        super(from, to, ballot);
        this.commitIndex = commitIndex;
        this.seq = seq;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long seq() {
        return seq;
    }

    @Override
    public String toString() {
        return "Heartbeat" + header() + " commitIndex=" + commitIndex + " seq=" + seq;
    }
}
