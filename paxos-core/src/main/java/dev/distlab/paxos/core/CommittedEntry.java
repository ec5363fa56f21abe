package dev.distlab.paxos.core;

/** A chosen slot handed to the service for application, in slot order. */
public final class CommittedEntry {
    private final long slot;
    private final Value value;

    public CommittedEntry(long slot, Value value) {
        this.slot = slot;
        this.value = value;
    }

    public long slot() {
        return slot;
    }

    public Value value() {
        return value;
    }

    @Override
    public String toString() {
        return slot + "=" + value;
    }
}
