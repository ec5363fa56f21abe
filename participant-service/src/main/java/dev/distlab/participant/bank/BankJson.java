package dev.distlab.participant.bank;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of the internal bank endpoints; absent values are written as null. */
final class BankJson {

    private BankJson() {
    }

    /** {@code POST /internal/bank/accounts} body. */
    record NewAccount(String id, Long balance) {
    }

    /** {@code POST .../prepare} body. */
    record PrepareBody(String coordinator, String coordinatorUrl, String mode, List<String> participants,
            List<OperationBody> operations, String createdAt) {
    }

    record OperationBody(String account, Long delta) {
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
