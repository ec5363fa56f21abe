package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.Snapshot;
import java.util.List;

/**
 * Phase 1b: the acceptor promised the ballot; it reports what it accepted from {@code fromSlot} on,
 * its commit index, and its snapshot when the snapshot covers slots the candidate asked about (those
 * entries were truncated).
 */
public final class Promise extends Message {
    private final long fromSlot;
    private final List<LogEntry> entries;
    private final long commitIndex;
    private final Snapshot snapshot;

    public Promise(int from, int to, Ballot ballot, long fromSlot, List<LogEntry> entries,
            long commitIndex, Snapshot snapshot) {
        super(from, to, ballot);
        this.fromSlot = fromSlot;
        this.entries = List.copyOf(entries);
        this.commitIndex = commitIndex;
        this.snapshot = snapshot;
    }

    public long fromSlot() {
        return fromSlot;
    }

    public List<LogEntry> entries() {
        return entries;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "Promise" + header() + " fromSlot=" + fromSlot
                + " entries=" + entries + " commitIndex=" + commitIndex + " snapshot=" + snapshot;
    }
}
