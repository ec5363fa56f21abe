package dev.distlab.paxos.core.persist;

import dev.distlab.paxos.core.LogEntry;

/** A value accepted (or learned as chosen) in a slot; replaces any earlier record for that slot. */
public final class EntryRecord extends PersistRecord {
    private final LogEntry entry;

    public EntryRecord(LogEntry entry) {
        this.entry = entry;
    }

    public LogEntry entry() {
        return entry;
    }

    @Override
    public String toString() {
        return "Entry(" + entry + ")";
    }
}
