package dev.distlab.coordinator.history;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One transaction this coordinator ran: PREPARING until decided, then COMMITTED or ABORTED; {@code completedAt}
 * once every branch acknowledged phase 2. Kept for recovery and for the history API.
 */
@Entity
@Table(name = "coord_transaction", indexes = {
        @Index(name = "coord_tx_created", columnList = "createdAt"),
        @Index(name = "coord_tx_status", columnList = "heuristic,status,createdAt"),
        @Index(name = "coord_tx_retention", columnList = "decisionForgotten,completedAt") })
public class TransactionRecord {

    @Id
    @Column(length = 36)
    private String id;

    // a plain VARCHAR, not H2's native ENUM: after a kill -9 H2 failed to search the ENUM column's index
    // ("Data conversion error converting CHARACTER VARYING to DECFLOAT") and the service could not start
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private TxStatus status;

    /** Why it aborted (a participant's NO reason, TIMEOUT, PARTICIPANT_UNAVAILABLE); null when committed. */
    @Column(length = 32)
    private String reason;

    /** {@code paxos} or {@code local}: where its decision is kept. */
    @Column(nullable = false, length = 8)
    private String mode;

    /** The instance id of the coordinator that ran it. */
    @Column(length = 256)
    private String coordinator;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant decidedAt;

    private Instant completedAt;

    /** SHA-256 (hex) of the request's Idempotency-Key, if it had one. */
    @Column(length = 64)
    private String idempotencyKeyHash;

    /** SHA-256 (hex) of the request, to tell a retry from another request under the same key. */
    @Column(length = 64)
    private String requestHash;

    /**
     * Some branch ended otherwise than the decision, or lost its prepared state: an operator must reconcile it.
     * The status still says what was decided.
     */
    @Column(nullable = false)
    private boolean heuristic;

    /** When its {@code tx/<id>/decision} entry was deleted from the config store (null while it is kept). */
    private Instant decisionForgottenAt;

    /**
     * {@code decisionForgottenAt != null}, computed by the database (a generated column, V4): the first column of
     * the index the retention sweeps and recovery search ({@code coord_tx_retention}).
     */
    @Column(insertable = false, updatable = false)
    private boolean decisionForgotten;

    protected TransactionRecord() {
    }

    TransactionRecord(String id, String mode, String coordinator, Instant createdAt, String idempotencyKeyHash,
            String requestHash) {
        this.id = id;
        this.status = TxStatus.PREPARING;
        this.mode = mode;
        this.coordinator = coordinator;
        this.createdAt = createdAt;
        this.idempotencyKeyHash = idempotencyKeyHash;
        this.requestHash = requestHash;
    }

    /**
     * The record of a transaction that was asked about before it was known here: ABORTED and completed, so a
     * late start of a transaction with this id fails on the id (presumed abort, made to stick).
     */
    static TransactionRecord tombstone(String id, String mode, String coordinator, Instant now) {
        TransactionRecord t = new TransactionRecord(id, mode, coordinator, now, null, null);
        t.status = TxStatus.ABORTED;
        t.reason = "TIMEOUT";
        t.decidedAt = now;
        t.completedAt = now;
        return t;
    }

    public String getId() {
        return id;
    }

    public TxStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public String getMode() {
        return mode;
    }

    public String getCoordinator() {
        return coordinator;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getDecidedAt() {
        return decidedAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public String getIdempotencyKeyHash() {
        return idempotencyKeyHash;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public boolean isHeuristic() {
        return heuristic;
    }

    public Instant getDecisionForgottenAt() {
        return decisionForgottenAt;
    }

    /** The row of a transaction as a write-ahead log image holds it (a replay after the database lost it). */
    static TransactionRecord restored(HistoryImage image) {
        TransactionRecord t = new TransactionRecord(image.id(), image.mode(), image.coordinator(), image.createdAt(),
                image.idempotencyKeyHash(), image.requestHash());
        t.advanceTo(image);
        return t;
    }

    /** Takes the image's decision and completion (a replay of an image that is further on than this row). */
    void advanceTo(HistoryImage image) {
        this.status = image.status();
        this.reason = image.reason();
        this.decidedAt = image.decidedAt();
        this.completedAt = image.completedAt();
    }
}
