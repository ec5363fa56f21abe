package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** Answer to a heartbeat (seq &gt; 0) or to catch-up (seq = 0); reports the follower's commit index. */
public final class HeartbeatAck extends Message {
    private final long seq;
    private final long commitIndex;

    public HeartbeatAck(int from, int to, Ballot ballot, long seq, long commitIndex) {
        super(from, to, ballot);
        this.seq = seq;
        this.commitIndex = commitIndex;
    }

    public long seq() {
        return seq;
    }

    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public String toString() {
        return "HeartbeatAck" + header() + " seq=" + seq + " commitIndex=" + commitIndex;
    }
}
