package dev.distlab.paxos.core.persist;

import dev.distlab.paxos.core.Snapshot;

/** A state machine snapshot; entries at or below its index may be discarded once it is durable. */
public final class SnapshotRecord extends PersistRecord {
    private final Snapshot snapshot;

    public SnapshotRecord(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "Snapshot(" + snapshot + ")";
    }
}
