package dev.distlab.paxos.kv;

import java.util.List;

/** Changes after a revision, or a signal that they were compacted away (the watch must restart). */
public final class EventsResult {
    private final boolean compacted;
    private final long compactRevision;
    private final long revision;
    private final List<KvEvent> events;

    private EventsResult(boolean compacted, long compactRevision, long revision, List<KvEvent> events) {
        this.compacted = compacted;
        this.compactRevision = compactRevision;
        this.revision = revision;
        this.events = List.copyOf(events);
    }

    static EventsResult events(long revision, long compactRevision, List<KvEvent> events) {
        return new EventsResult(false, compactRevision, revision, events);
    }

    static EventsResult compacted(long revision, long compactRevision) {
        return new EventsResult(true, compactRevision, revision, List.of());
    }

    public boolean isCompacted() {
        return compacted;
    }

    /** History at or below this revision is gone. */
    public long compactRevision() {
        return compactRevision;
    }

    /** The store revision when the answer was made. */
    public long revision() {
        return revision;
    }

    public List<KvEvent> events() {
        return events;
    }
}
