package dev.distlab.participant.bank;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.distlab.common.validation.AccountId;

/** The JSON shapes of the internal bank endpoints; absent values are written as null. */
final class BankJson {

    private BankJson() {
    }

    /** {@code POST /internal/bank/accounts} body. */
    record NewAccount(
            @AccountId String id,
            @NotNull(message = BankRequests.MINOR_UNITS)
            @Min(value = 0, message = BankRequests.BALANCE_RANGE)
            @Max(value = BankService.MAX_BALANCE, message = BankRequests.BALANCE_RANGE) Long balance) {
    }

    /**
     * {@code POST .../prepare} body. The rules that involve more than one field (a coordinatorUrl required in
     * local mode, each account once) and parsing createdAt are {@link BankRequests#prepare}'s.
     */
    record PrepareBody(
            @Pattern(regexp = BankRequests.NAME, message = BankRequests.NAME_RULE) String coordinator,
            String coordinatorUrl,
            @Pattern(regexp = "paxos|local", message = "is \"paxos\" or \"local\"") String mode,
            @Size(max = BankRequests.MAX_PARTICIPANTS, message = BankRequests.PARTICIPANTS_TOO_MANY)
            List<@NotNull(message = BankRequests.NAME_RULE)
                 @Pattern(regexp = BankRequests.NAME, message = BankRequests.NAME_RULE) String> participants,
            @NotEmpty(message = BankRequests.OPERATIONS_REQUIRED)
            @Size(max = BankRequests.MAX_OPERATIONS, message = BankRequests.OPERATIONS_TOO_MANY)
            List<@Valid @NotNull(message = BankRequests.OPERATION_OBJECT) OperationBody> operations,
            @NotNull(message = BankRequests.CREATED_AT)
            @Size(max = 64, message = BankRequests.CREATED_AT) String createdAt) {
    }

    record OperationBody(
            @AccountId String account,
            @NotNull(message = BankRequests.DELTA_REQUIRED)
            @Min(value = -BankRequests.MAX_DELTA, message = BankRequests.DELTA_RANGE)
            @Max(value = BankRequests.MAX_DELTA, message = BankRequests.DELTA_RANGE) Long delta) {
    }

    record AccountBalance(String id, long balance) {
        static AccountBalance of(Account a) {
            return new AccountBalance(a.getId(), a.getBalance());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountState(String id, long balance, String lockedBy) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VoteAnswer(String txId, String vote, String reason, BranchState state) {
        static VoteAnswer of(BankService.Vote v) {
            return new VoteAnswer(v.txId(), v.vote(), v.reason(), v.state());
        }
    }

    record Outcome(String txId, BranchState state) {
    }

    record OperationView(String account, long delta) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BranchView(String txId, BranchState state, String vote, String reason, String coordinator,
            String coordinatorUrl, String mode, List<String> participants, List<OperationView> operations,
            String preparedAt, String decidedAt) {
        static BranchView of(Branch b) {
            return new BranchView(b.getTxId(), b.getState(), b.getVote(), b.getReason(), b.getCoordinator(),
                    b.getCoordinatorUrl(), b.getMode() == null ? null : b.getMode().wire(),
                    BranchCodec.participants(b.getParticipantsJson()),
                    BranchCodec.operations(b.getOperationsJson()).stream()
                            .map(op -> new OperationView(op.account(), op.delta())).toList(),
                    text(b.getPreparedAt()), text(b.getDecidedAt()));
        }
    }

    record BranchList(List<BranchView> branches) {
    }

    record LockList(List<LockTable.Lock> locks) {
    }

    record Snapshot(String snapshotId, List<AccountBalance> accounts) {
    }

    record Released(String snapshotId, boolean held) {
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
