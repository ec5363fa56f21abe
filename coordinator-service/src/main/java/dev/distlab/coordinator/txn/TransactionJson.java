package dev.distlab.coordinator.txn;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.distlab.common.validation.AccountId;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.Requests;
import dev.distlab.coordinator.history.BranchRecord;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The JSON shapes of {@code /api/transfers} and {@code /api/transactions}. */
final class TransactionJson {

    private TransactionJson() {
    }

    /** {@code POST /api/transfers} body; that {@code from} and {@code to} differ is checked by the controller. */
    record TransferBody(
            @AccountId String from,
            @AccountId String to,
            @NotNull(message = Requests.MINOR_UNITS)
            @Min(value = 1, message = Requests.AMOUNT_RANGE)
            @Max(value = Requests.MAX_AMOUNT, message = Requests.AMOUNT_RANGE) Long amount) {
    }

    /** {@code POST /api/transactions} body; that each account appears once is checked by the controller. */
    record TransactionBody(
            @NotEmpty(message = Requests.OPERATIONS_REQUIRED)
            @Size(max = Requests.MAX_OPERATIONS, message = Requests.OPERATIONS_TOO_MANY)
            List<@Valid @NotNull(message = Requests.OPERATION_OBJECT) OperationBody> operations) {
    }

    /** One change; a zero delta is refused by the controller (no annotation says "not zero"). */
    record OperationBody(
            @AccountId String account,
            @NotNull(message = Requests.DELTA_REQUIRED)
            @Min(value = -Requests.MAX_AMOUNT, message = Requests.DELTA_RANGE)
            @Max(value = Requests.MAX_AMOUNT, message = Requests.DELTA_RANGE) Long delta) {
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
