package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import java.util.List;

/** Phase 2a: accept these slot values under the ballot; carries the leader's commit index. */
public final class Accept extends Message {
    private final List<LogEntry> entries;
    private final long commitIndex;

    public Accept(int from, int to, Ballot ballot, List<LogEntry> entries, long commitIndex) {
        super(from, to, ballot);
        this.entries = List.copyOf(entries);
        this.commitIndex = commitIndex;
    }

    public List<LogEntry> entries() {
        return entries;
    }

    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public String toString() {
        return "Accept" + header() + " entries=" + entries + " commitIndex=" + commitIndex;
    }
}
