package dev.distlab.paxos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The acceptor's slots above the snapshot, plus the commit index: every slot up to it is chosen and this
 * log (or the snapshot) holds the chosen value.
 */
final class ReplicaLog {
    private final TreeMap<Long, LogEntry> entries = new TreeMap<>();
    private Snapshot snapshot = Snapshot.NONE;
    private long commitIndex;

    LogEntry get(long slot) {
        return entries.get(slot);
    }

    void put(LogEntry e) {
        if (e.slot() <= snapshot.index()) {
            throw new IllegalStateException("slot " + e.slot() + " is inside snapshot " + snapshot.index());
        }
        entries.put(e.slot(), e);
    }

    long lastSlot() {
        return entries.isEmpty() ? snapshot.index() : Math.max(snapshot.index(), entries.lastKey());
    }

    long commitIndex() {
        return commitIndex;
    }

    void setCommitIndex(long commitIndex) {
        this.commitIndex = commitIndex;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Entries from {@code fromSlot} on, with the committed ones flagged chosen for a new leader. */
    List<LogEntry> entriesFrom(long fromSlot) {
        List<LogEntry> out = new ArrayList<>();
        for (LogEntry e : entries.tailMap(fromSlot, true).values()) {
            out.add(e.slot() <= commitIndex ? e.asChosen() : e);
        }
        return out;
    }

    /** Chosen entries in [from, to]; the caller guarantees to <= commitIndex and from > snapshot index. */
    List<LogEntry> chosenRange(long from, long to) {
        List<LogEntry> out = new ArrayList<>();
        for (LogEntry e : entries.subMap(from, true, to, true).values()) {
            out.add(e.asChosen());
        }
        return out;
    }

    /** Adopts a snapshot newer than the commit index: its slots are chosen, so their entries can go. */
    void installSnapshot(Snapshot s) {
        snapshot = s;
        entries.headMap(s.index(), true).clear();
        commitIndex = Math.max(commitIndex, s.index());
    }

    /** Replaces applied entries by a local snapshot of the state machine. */
    void compact(Snapshot s) {
        if (s.index() > commitIndex) {
            throw new IllegalArgumentException("snapshot " + s.index() + " beyond commit " + commitIndex);
        }
        installSnapshot(s);
    }

    int size() {
        return entries.size();
    }
}
