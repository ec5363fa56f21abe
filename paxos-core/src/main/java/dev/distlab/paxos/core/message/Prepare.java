package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;

/** Phase 1a: the candidate asks for a promise covering every slot from {@code fromSlot} on. */
public final class Prepare extends Message {
    private final long fromSlot;

    public Prepare(int from, int to, Ballot ballot, long fromSlot) {
        super(from, to, ballot);
        this.fromSlot = fromSlot;
    }

    public long fromSlot() {
        return fromSlot;
    }

    @Override
    public String toString() {
        return "Prepare" + header() + " fromSlot=" + fromSlot;
    }
}
