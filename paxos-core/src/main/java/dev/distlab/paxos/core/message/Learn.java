package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import java.util.List;

/** Catch-up: values known to be chosen, sent to a lagging replica. */
public final class Learn extends Message {
    private final List<LogEntry> entries;
    private final long commitIndex;

    public Learn(int from, int to, Ballot ballot, List<LogEntry> entries, long commitIndex) {
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
        return "Learn" + header() + " entries=" + entries + " commitIndex=" + commitIndex;
    }
}
