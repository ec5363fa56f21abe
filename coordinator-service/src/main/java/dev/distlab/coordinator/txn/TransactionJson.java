package dev.distlab.coordinator.txn;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.history.BranchRecord;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/** The JSON shapes of {@code /api/transfers} and {@code /api/transactions}. */
final class TransactionJson {

    private TransactionJson() {
    }

    /** {@code POST /api/transfers} body. */
    record TransferBody(String from, String to, Long amount) {
    }

    /** {@code POST /api/transactions} body. */
    record TransactionBody(List<OperationBody> operations) {
    }

    record OperationBody(String account, Long delta) {
    }

    /** 201 answer. */
    record Committed(String transactionId, String status) {
    }

    /** One branch: the participant, its vote (null if none arrived), its state, and its operations. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BranchView(String participant, String vote, String state, List<Operation> operations) {

        static BranchView of(BranchRecord b) {
            return new BranchView(b.getParticipant(), b.getVote(), b.getState(), TransactionHistory.operations(b));
        }
    }

    /**
     * {@code GET /api/transactions/{id}}: {@code status} is HEURISTIC when some branch ended otherwise than the
     * decision (an operator must reconcile it); {@code decision} is always what was decided (null while
     * PREPARING).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TransactionView(String id, String status, String decision, String reason, String mode,
            String coordinator, List<BranchView> branches, String createdAt, String decidedAt, String completedAt) {

        static TransactionView of(TransactionRecord t, List<BranchRecord> branches) {
            String decision = t.getStatus().isDecided() ? t.getStatus().name() : null;
            return new TransactionView(t.getId(), t.isHeuristic() ? HEURISTIC : t.getStatus().name(), decision,
                    t.getReason(), t.getMode(), t.getCoordinator(), branches.stream().map(BranchView::of).toList(),
                    text(t.getCreatedAt()), text(t.getDecidedAt()), text(t.getCompletedAt()));
        }
    }

    /** The status shown for a transaction whose branches' outcomes could not be reconciled automatically. */
    static final String HEURISTIC = "HEURISTIC";

    /** {@code GET /api/transactions}: newest first. */
    record TransactionList(List<TransactionView> transactions) {
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
