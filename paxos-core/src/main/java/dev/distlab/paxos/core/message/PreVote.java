package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/**
 * Pre-vote (Raft thesis §9.6): "would you promise {@code ballot} if I asked?" Neither side changes or
 * persists anything; the sender campaigns for real only after a majority granted. The ballot is the one the
 * sender would use, so receivers do not raise their highest seen round from it.
 */
public final class PreVote extends Message {
    private final long commitIndex;

    public PreVote(int from, int to, Ballot ballot, long commitIndex) {
        super(from, to, ballot);
        this.commitIndex = commitIndex;
    }

    /** The sender's commit index: a replica does not help a candidate that knows fewer chosen slots. */
    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public String toString() {
        return "PreVote" + header() + " commitIndex=" + commitIndex;
    }
}
