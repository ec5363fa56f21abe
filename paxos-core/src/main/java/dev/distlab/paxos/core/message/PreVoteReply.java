package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** Answer to a {@link PreVote}, naming the ballot asked about. */
public final class PreVoteReply extends Message {
    private final boolean granted;

    public PreVoteReply(int from, int to, Ballot ballot, boolean granted) {
        super(from, to, ballot);
        this.granted = granted;
    }

    public boolean granted() {
        return granted;
    }

    @Override
    public String toString() {
        return "PreVoteReply" + header() + " granted=" + granted;
    }
}
