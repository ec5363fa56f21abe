package dev.distlab.paxos.core.persist;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a replica's durable records add up to. Storage implementations replay their records through
 * {@link #apply} (or keep one of these up to date) and hand it to {@code PaxosReplica.restore}.
 */
public final class PersistedState {
    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Long, LogEntry> entries = new TreeMap<>();
    private long commitIndex;
    private Snapshot snapshot = Snapshot.NONE;

    public PersistedState apply(PersistRecord record) {
        if (record instanceof PromiseRecord) {
            promised = Ballot.max(promised, ((PromiseRecord) record).promised());
        } else if (record instanceof EntryRecord) {
            LogEntry e = ((EntryRecord) record).entry();
            if (e.slot() > snapshot.index()) {
                entries.put(e.slot(), e);
            }
        } else if (record instanceof CommitRecord) {
            commitIndex = Math.max(commitIndex, ((CommitRecord) record).commitIndex());
        } else if (record instanceof SnapshotRecord) {
            Snapshot s = ((SnapshotRecord) record).snapshot();
            if (s.index() > snapshot.index()) {
                snapshot = s;
                entries.headMap(s.index(), true).clear();
                commitIndex = Math.max(commitIndex, s.index());
            }
        } else {
            throw new IllegalArgumentException("unknown record " + record);
        }
        return this;
    }

    public PersistedState applyAll(List<? extends PersistRecord> records) {
        records.forEach(this::apply);
        return this;
    }

    public Ballot promised() {
        return promised;
    }

    public List<LogEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public long commitIndex() {
        return commitIndex;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** A compact record list equivalent to this state, for storage that rewrites its log. */
    public List<PersistRecord> toRecords() {
        List<PersistRecord> out = new ArrayList<>();
        out.add(new PromiseRecord(promised));
        if (snapshot.index() > 0) {
            out.add(new SnapshotRecord(snapshot));
        }
        entries.values().forEach(e -> out.add(new EntryRecord(e)));
        out.add(new CommitRecord(commitIndex));
        return out;
    }
}
