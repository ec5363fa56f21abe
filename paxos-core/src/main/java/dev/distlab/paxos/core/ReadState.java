package dev.distlab.paxos.core;

/** A linearizable read that may now be served from the local state machine (applied through {@code index}). */
public final class ReadState {
    private final long readId;
    private final long index;

    public ReadState(long readId, long index) {
        this.readId = readId;
        this.index = index;
    }

    public long readId() {
        return readId;
    }

    public long index() {
        return index;
    }

    @Override
    public String toString() {
        return "read " + readId + "@" + index;
    }
}
