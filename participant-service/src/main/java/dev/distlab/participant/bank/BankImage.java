package dev.distlab.participant.bank;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * One record of the bank's write-ahead log: the rows that changes answered as durable left behind (a branch that
 * voted YES or ended, a tombstone, the balances a commit changed), in the order they were made. Replaying a log
 * applies its images oldest first, and each only where it is ahead of the database, which is written without
 * forcing and so may hold more than the log after a crash, or less: an account by its {@code version}, a branch
 * only from PREPARED to an outcome (never back).
 */
record BankImage(List<AccountRow> accounts, List<BranchRow> branches) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** No change: a repeated answer's. */
    static final BankImage NONE = new BankImage(List.of(), List.of());

    /** An account's row. */
    record AccountRow(String id, long balance, Instant createdAt, long version) {

        /** The row after a change of its balance to {@code balance}: every change counts one version on. */
        AccountRow withBalance(long balance) {
            return new AccountRow(id, balance, createdAt, version + 1);
        }
    }

    /** A branch's row. */
    record BranchRow(String txId, BranchState state, String vote, String reason, String coordinator,
            String coordinatorUrl, String mode, String participants, String operations, Instant preparedAt,
            Instant decidedAt) {

        static BranchRow of(Branch b) {
            return new BranchRow(b.getTxId(), b.getState(), b.getVote(), b.getReason(), b.getCoordinator(),
                    b.getCoordinatorUrl(), b.getModeWire(), b.getParticipantsJson(), b.getOperationsJson(),
                    b.getPreparedAt(), b.getDecidedAt());
        }

        /** A branch that voted: PREPARED with YES, or ABORTED with NO and its reason. */
        static BranchRow voted(String txId, PrepareCommand command, String vote, String reason, Instant now) {
            boolean yes = Branch.YES.equals(vote);
            return new BranchRow(txId, yes ? BranchState.PREPARED : BranchState.ABORTED, vote, reason,
                    command.coordinator(), command.coordinatorUrl(), command.mode().wire(),
                    BranchCodec.participants(command.participants()), BranchCodec.operations(command.operations()),
                    now, yes ? null : now);
        }

        /** The record of an abort for a transaction this participant never prepared: ABORTED without a vote. */
        static BranchRow tombstone(String txId, Instant now) {
            return new BranchRow(txId, BranchState.ABORTED, null, BankReasons.ABORTED, null, null, null, "[]", "[]",
                    null, now);
        }

        /** This branch ended with {@code outcome} at {@code now}. */
        BranchRow decided(BranchState outcome, Instant now) {
            return new BranchRow(txId, outcome, vote, reason, coordinator, coordinatorUrl, mode, participants,
                    operations, preparedAt, now);
        }
    }

    BankImage {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        branches = branches == null ? List.of() : List.copyOf(branches);
    }

    static BankImage of(BranchRow branch, List<AccountRow> accounts) {
        return new BankImage(accounts, List.of(branch));
    }

    /** Several changes in one record, in their order. */
    static BankImage concat(List<BankImage> images) {
        return new BankImage(images.stream().flatMap(i -> i.accounts().stream()).toList(),
                images.stream().flatMap(i -> i.branches().stream()).toList());
    }

    boolean isEmpty() {
        return accounts.isEmpty() && branches.isEmpty();
    }

    static BankImage fromBytes(byte[] bytes) {
        return JSON.readValue(bytes, BankImage.class);
    }

    byte[] toBytes() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }
}
