package dev.distlab.coordinator.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * One participant's branch of a transaction, as the coordinator knows it: the operations sent to it, its vote
 * (YES, NO, or null when none arrived), the participant's last reported state, and whether it acknowledged
 * phase 2.
 */
@Entity
@Table(name = "coord_branch", indexes = @Index(name = "coord_branch_tx", columnList = "txId"))
public class BranchRecord {

    /** {@code <txId>/<participant>}. */
    @Id
    @Column(length = 300)
    private String id;

    @Column(nullable = false, length = 36)
    private String txId;

    @Column(nullable = false, length = 256)
    private String participant;

    /** JSON array of {@code {"account","delta"}}. */
    @Lob
    @Column(nullable = false)
    private String operations;

    /** YES, NO, or null while no vote arrived. */
    @Column(length = 8)
    private String vote;

    /** The NO reason, or TIMEOUT / PARTICIPANT_UNAVAILABLE when no vote arrived. */
    @Column(length = 32)
    private String voteReason;

    /** PREPARING until the vote; then the participant's state: PREPARED, COMMITTED or ABORTED. */
    @Column(nullable = false, length = 16)
    private String state;

    /** Whether the participant acknowledged phase 2 (commit or abort). */
    @Column(nullable = false)
    private boolean acknowledged;

    protected BranchRecord() {
    }

    BranchRecord(String txId, String participant, String operations) {
        this.id = idOf(txId, participant);
        this.txId = txId;
        this.participant = participant;
        this.operations = operations;
        this.state = "PREPARING";
    }

    /** The id of a transaction's branch at a participant. */
    static String idOf(String txId, String participant) {
        return txId + "/" + participant;
    }

    public String getTxId() {
        return txId;
    }

    public String getParticipant() {
        return participant;
    }

    public String getOperations() {
        return operations;
    }

    public String getVote() {
        return vote;
    }

    public String getVoteReason() {
        return voteReason;
    }

    public String getState() {
        return state;
    }

    public boolean isAcknowledged() {
        return acknowledged;
    }

    /** A branch's row as a write-ahead log image holds it. */
    static BranchRecord restored(String txId, HistoryImage.Branch image) {
        BranchRecord b = new BranchRecord(txId, image.participant(), image.operations());
        b.advanceTo(image);
        return b;
    }

    /** Takes the image's vote and state (the image of a write that came after what this row holds). */
    void advanceTo(HistoryImage.Branch image) {
        this.vote = image.vote();
        this.voteReason = image.voteReason();
        this.state = image.state();
        this.acknowledged = image.acknowledged();
    }
}
