package dev.distlab.participant.bank;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * This participant's branch of one transaction. Kept after it ends, so a late or repeated prepare is answered
 * from it. A tombstone (an abort for a transaction never prepared here) is an ABORTED branch without a vote.
 * <p>
 * The branch operations read and write these rows in plain JDBC ({@link BankRows}, as {@link BankImage.BranchRow});
 * this entity maps them for the rest: the API's reads, the in-doubt resolver's scan, the collector, the log's replay.
 */
@Entity
@Table(name = "bank_branch", indexes = { @Index(name = "bank_branch_state", columnList = "state"),
        @Index(name = "bank_branch_decided_at", columnList = "decidedAt") })
class Branch extends StoredEntity {

    static final String YES = "YES";
    static final String NO = "NO";

    @Id
    @Column(length = 64)
    private String txId;

    // a plain VARCHAR, not H2's native ENUM: after a kill -9 H2 failed to search the ENUM column's index
    // ("Data conversion error converting CHARACTER VARYING to DECFLOAT") and the service could not start
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private BranchState state;

    /** YES, NO, or null for a tombstone. */
    @Column(length = 8)
    private String vote;

    @Column(length = 32)
    private String reason;

    @Column(length = 256)
    private String coordinator;

    @Column(length = 2048)
    private String coordinatorUrl;

    @Column(length = 8)
    private String mode;

    /** JSON array of the participant ids of every branch of the transaction. */
    @Lob
    private String participants;

    /** JSON array of this branch's {@code {"account","delta"}}. */
    @Lob
    private String operations;

    private Instant preparedAt;

    private Instant decidedAt;

    protected Branch() {
    }

    private Branch(String txId, BranchState state, String vote, String reason) {
        this.txId = txId;
        this.state = state;
        this.vote = vote;
        this.reason = reason;
    }

    /** A branch as the write-ahead log remembers it, for a database that lost it in a crash. */
    static Branch restored(BankImage.BranchRow row) {
        Branch b = new Branch(row.txId(), row.state(), row.vote(), row.reason());
        b.coordinator = row.coordinator();
        b.coordinatorUrl = row.coordinatorUrl();
        b.mode = row.mode();
        b.participants = row.participants();
        b.operations = row.operations();
        b.preparedAt = row.preparedAt();
        b.decidedAt = row.decidedAt();
        return b;
    }

    /**
     * Takes the logged row's outcome if this branch is still PREPARED and the row has ended; true if it did. A
     * branch only moves on from PREPARED, never back.
     */
    boolean catchUp(BankImage.BranchRow row) {
        if (state != BranchState.PREPARED || row.state() == BranchState.PREPARED) {
            return false;
        }
        decide(row.state(), row.decidedAt());
        return true;
    }

    private void decide(BranchState outcome, Instant now) {
        this.state = outcome;
        this.decidedAt = now;
    }

    @Override
    public String getId() {
        return txId;
    }

    String getTxId() {
        return txId;
    }

    BranchState getState() {
        return state;
    }

    String getVote() {
        return vote;
    }

    String getReason() {
        return reason;
    }

    String getCoordinator() {
        return coordinator;
    }

    String getCoordinatorUrl() {
        return coordinatorUrl;
    }

    /** The mode as it is stored ("paxos", "local"). */
    String getModeWire() {
        return mode;
    }

    Mode getMode() {
        return mode == null ? null : Mode.fromWire(mode);
    }

    String getParticipantsJson() {
        return participants;
    }

    String getOperationsJson() {
        return operations;
    }

    Instant getPreparedAt() {
        return preparedAt;
    }

    Instant getDecidedAt() {
        return decidedAt;
    }
}
