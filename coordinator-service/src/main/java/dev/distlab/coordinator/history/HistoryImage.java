package dev.distlab.coordinator.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * One record of the history's write-ahead log: a transaction's row as a forced write left it, with its branches
 * where the write created or finished them (a begin, a completion). Replaying a log is applying its images, oldest
 * first; an image never moves a row back (see {@link #isAheadOf}), because two groups of writes may reach the log
 * in the other order than they reached the database, and the database may already hold more than the log (it is
 * written unforced).
 */
record HistoryImage(String id, TxStatus status, String reason, String mode, String coordinator, Instant createdAt,
        Instant decidedAt, Instant completedAt, String idempotencyKeyHash, String requestHash,
        List<Branch> branches) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A branch's row. */
    record Branch(String participant, String operations, String vote, String voteReason, String state,
            boolean acknowledged) {
    }

    HistoryImage {
        branches = branches == null ? List.of() : List.copyOf(branches);
    }

    /** A new transaction's image: PREPARING, with its branches PREPARING and without votes. */
    static HistoryImage begun(String id, String mode, String coordinator, Instant createdAt,
            String idempotencyKeyHash, String requestHash, List<Branch> branches) {
        return new HistoryImage(id, TxStatus.PREPARING, null, mode, coordinator, createdAt, null, null,
                idempotencyKeyHash, requestHash, branches);
    }

    /** A new branch's row: PREPARING, no vote yet. */
    static Branch newBranch(String participant, String operations) {
        return new Branch(participant, operations, null, null, "PREPARING", false);
    }

    /** This row with the branches given (a begin's and a completion's; none for a decision). */
    HistoryImage withBranches(List<Branch> rows) {
        return new HistoryImage(id, status, reason, mode, coordinator, createdAt, decidedAt, completedAt,
                idempotencyKeyHash, requestHash, rows);
    }

    static HistoryImage fromBytes(byte[] bytes) {
        return JSON.readValue(bytes, HistoryImage.class);
    }

    byte[] toBytes() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether this image is further on than the row: PREPARING, then decided, then completed. */
    boolean isAheadOf(TransactionRecord row) {
        return progress(status, completedAt) > progress(row.getStatus(), row.getCompletedAt());
    }

    private static int progress(TxStatus status, Instant completedAt) {
        if (completedAt != null) {
            return 2;
        }
        return status.isDecided() ? 1 : 0;
    }

    /** A new row, for a transaction the database does not have. */
    TransactionRecord toRecord() {
        return TransactionRecord.restored(this);
    }

    /** The branch rows of a transaction the database does not have. */
    List<BranchRecord> toBranchRecords() {
        return branches.stream().map(b -> BranchRecord.restored(id, b)).toList();
    }
}
