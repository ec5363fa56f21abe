package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;
import java.util.List;

/** Phase 2b: the acceptor durably accepted these slots under the ballot. */
public final class Accepted extends Message {
    private final List<Long> slots;
    private final long commitIndex;

    public Accepted(int from, int to, Ballot ballot, List<Long> slots, long commitIndex) {
        super(from, to, ballot);
        this.slots = List.copyOf(slots);
        this.commitIndex = commitIndex;
    }

    public List<Long> slots() {
        return slots;
    }

    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public String toString() {
        return "Accepted" + header() + " slots=" + slots + " commitIndex=" + commitIndex;
    }
}
