package dev.distlab.configclient;

import java.util.Optional;

/**
 * What the store answered to one write of a batch ({@link ConfigClient#writeAll}), with the meaning its single call
 * would have had: {@link #entry()} and {@link #deleted()} return what {@code put...} and {@code delete...} return,
 * or throw what they would have thrown ({@link PreconditionFailedException} with the current modRevision,
 * {@link OutcomeUnknownException} for a write the store could not commit in time, a {@link ConfigException} with
 * the status otherwise).
 */
public final class WriteResult {

    private final Write write;
    private final int status;
    private final Entry entry;
    private final boolean deleted;
    private final RuntimeException failure;

    private WriteResult(Write write, int status, Entry entry, boolean deleted, RuntimeException failure) {
        this.write = write;
        this.status = status;
        this.entry = entry;
        this.deleted = deleted;
        this.failure = failure;
    }

    static WriteResult written(Write write, int status, Entry entry) {
        return new WriteResult(write, status, entry, false, null);
    }

    static WriteResult deleted(Write write, int status, boolean deleted) {
        return new WriteResult(write, status, null, deleted, null);
    }

    static WriteResult failed(Write write, int status, RuntimeException failure) {
        return new WriteResult(write, status, null, false, failure);
    }

    public Write write() {
        return write;
    }

    /** The HTTP status the item was answered with, as its single request would have been (201, 204, 412, ...). */
    public int status() {
        return status;
    }

    /** Whether the PUT created the entry (201) rather than replacing it. */
    public boolean created() {
        return status == 201;
    }

    /** The PUT's entry as written; throws what the single put would have thrown. */
    public Entry entry() {
        if (write.method() != Write.Method.PUT) {
            throw new IllegalStateException(write + " is a DELETE: ask deleted()");
        }
        throwIfFailed();
        return entry;
    }

    /** The DELETE's outcome: true if deleted, false if the key was absent; throws what the single delete would have. */
    public boolean deleted() {
        if (write.method() != Write.Method.DELETE) {
            throw new IllegalStateException(write + " is a PUT: ask entry()");
        }
        throwIfFailed();
        return deleted;
    }

    /** Why the write did not succeed, if it did not. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return write + " -> " + status + (failure != null ? " " + failure.getMessage() : "");
    }
}
