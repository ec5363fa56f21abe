package dev.distlab.paxos.kv;

import java.util.Objects;

/**
 * The outcome of one applied command. {@code entry} is the new entry (CREATED, REPLACED), the removed one
 * (DELETED), the current one if any (PRECONDITION_FAILED), or null. {@code revision} is the store revision
 * right after the command.
 */
public final class KvResult {
    public enum Status {
        CREATED, REPLACED, DELETED, NOT_FOUND, PRECONDITION_FAILED, NOOP,
        /** The client already moved past this request sequence number: it was not applied now. */
        STALE_REQUEST
    }

    private final Status status;
    private final KvEntry entry;
    private final long revision;

    public KvResult(Status status, KvEntry entry, long revision) {
        this.status = status;
        this.entry = entry;
        this.revision = revision;
    }

    public Status status() {
        return status;
    }

    public KvEntry entry() {
        return entry;
    }

    public long revision() {
        return revision;
    }

    public boolean isWrite() {
        return status == Status.CREATED || status == Status.REPLACED || status == Status.DELETED;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KvResult)) {
            return false;
        }
        KvResult r = (KvResult) o;
        return r.status == status && Objects.equals(r.entry, entry) && r.revision == revision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, entry, revision);
    }

    @Override
    public String toString() {
        return status + (entry != null ? " " + entry : "") + " @rev" + revision;
    }
}
