package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/**
 * Leadership beacon and commit notification; {@code seq} numbers the round so read-index can count acks.
 * {@code proposalBound} is the highest slot the leader has proposed when sending it (a rejoining replica
 * waits for a commit above it, see {@code Rejoin}).
 */
public final class Heartbeat extends Message {
    private final long commitIndex;
    private final long seq;
    private final long proposalBound;

    public Heartbeat(int from, int to, Ballot ballot, long commitIndex, long seq, long proposalBound) {
        super(from, to, ballot);
        this.commitIndex = commitIndex;
        this.seq = seq;
        this.proposalBound = proposalBound;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long seq() {
        return seq;
    }

    public long proposalBound() {
        return proposalBound;
    }

    @Override
    public String toString() {
        return "Heartbeat" + header() + " commitIndex=" + commitIndex + " seq=" + seq + " bound=" + proposalBound;
    }
}
