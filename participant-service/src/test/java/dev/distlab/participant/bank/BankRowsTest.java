package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlab.participant.bank.BankImage.AccountRow;
import dev.distlab.participant.bank.BankImage.BranchRow;

/**
 * The branch operations' statements in plain JDBC: the rows they write are what the entities read and the other way
 * round, a branch ends only from PREPARED, a balance is written only over the version read, and a transaction that
 * rolls back takes them back.
 */
class BankRowsTest extends BankApiTestBase {

    /** Whole microseconds: the columns keep six digits, so these instants read back as they were written. */
    private static final Instant PREPARED_AT = Instant.parse("2026-12-06T12:00:00.123456Z");
    private static final Instant DECIDED_AT = PREPARED_AT.plusSeconds(1);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    BranchRepository branches;

    @Autowired
    AccountRepository accounts;

    private BankRows rows;
    private TransactionTemplate tx;

    @BeforeEach
    void rows() {
        rows = new BankRows(jdbc);
        tx = new TransactionTemplate(transactions);
    }

    @Test
    void shouldWriteTheBranchRowsTheEntityReads() {
        BranchRow yes = prepared(BankHttp.txId(), "alice");
        BranchRow no = BranchRow.voted(BankHttp.txId(), command("bob"), Branch.NO, BankReasons.INSUFFICIENT_FUNDS,
                PREPARED_AT);
        BranchRow tombstone = BranchRow.tombstone(BankHttp.txId(), DECIDED_AT);

        for (BranchRow row : List.of(yes, no, tombstone)) {
            tx.executeWithoutResult(status -> rows.insert(row));
            assertThat(BranchRow.of(branches.findById(row.txId()).orElseThrow())).as("the entity").isEqualTo(row);
            assertThat(rows.branch(row.txId())).as("read back").isEqualTo(row);
        }
        assertThat(rows.branch(BankHttp.txId())).as("unknown").isNull();
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> rows.insert(no.decided(BranchState.ABORTED,
                DECIDED_AT)))).as("a branch is recorded once").isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void shouldEndOnlyAPreparedBranch() {
        BranchRow prepared = prepared(BankHttp.txId(), "alice");
        tx.executeWithoutResult(status -> rows.insert(prepared));
        BranchRow committed = prepared.decided(BranchState.COMMITTED, DECIDED_AT);

        tx.executeWithoutResult(status -> rows.decide(committed));
        assertThat(BranchRow.of(branches.findById(prepared.txId()).orElseThrow())).isEqualTo(committed);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> rows.decide(
                prepared.decided(BranchState.ABORTED, DECIDED_AT.plusSeconds(1)))))
                .as("already ended").isInstanceOf(IllegalStateException.class);
        assertThat(rows.branch(prepared.txId())).as("left as the first outcome made it").isEqualTo(committed);
    }

    @Test
    void shouldReadTheAccountsTheEntityWroteAndWriteABalanceOnlyOverTheVersionRead() {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 50);
        Map<String, AccountRow> read = rows.accounts(List.of(a, b, BankHttp.account("unknown")));
        assertThat(read).as("the unknown account is left out").containsOnlyKeys(a, b);
        assertThat(read.get(a)).isEqualTo(rowOf(a));
        assertThat(read.get(a).balance()).isEqualTo(100);
        assertThat(read.get(a).version()).isZero();
        assertThat(rows.accounts(List.of())).isEmpty();

        List<AccountRow> changed = List.of(read.get(a).withBalance(70), read.get(b).withBalance(80));
        tx.executeWithoutResult(status -> rows.updateBalances(changed, read));
        assertThat(List.of(rowOf(a), rowOf(b))).as("what the entities read").isEqualTo(changed);
        assertThat(rowOf(a).version()).as("one change, one version").isEqualTo(1);

        List<AccountRow> stale = List.of(read.get(a).withBalance(10));
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> rows.updateBalances(stale, read)))
                .as("written over a version it was not read at").isInstanceOf(IllegalStateException.class);
        assertThat(rowOf(a)).isEqualTo(changed.get(0));
    }

    @Test
    void shouldLeaveNothingOfATransactionThatRolledBack() {
        String a = bank.newAccount("a", 100);
        BranchRow prepared = prepared(BankHttp.txId(), a);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            rows.insert(prepared);
            Map<String, AccountRow> read = rows.accounts(List.of(a));
            rows.updateBalances(List.of(read.get(a).withBalance(60)), read);
            rows.decide(prepared.decided(BranchState.COMMITTED, DECIDED_AT));
            assertThat(rows.branch(prepared.txId()).state()).as("seen inside its transaction")
                    .isEqualTo(BranchState.COMMITTED);
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(rows.branch(prepared.txId())).isNull();
        assertThat(branches.findById(prepared.txId())).isEmpty();
        assertThat(rowOf(a).balance()).isEqualTo(100);
        assertThat(rowOf(a).version()).isZero();
    }

    private static BranchRow prepared(String txId, String account) {
        return BranchRow.voted(txId, command(account), Branch.YES, null, PREPARED_AT);
    }

    private static PrepareCommand command(String account) {
        return new PrepareCommand("coordinator-1", "http://127.0.0.1:1", Mode.LOCAL,
                List.of("participant-7", "participant-8"), List.of(new PrepareCommand.Operation(account, -5)),
                PREPARED_AT);
    }

    /** The account's row as the entity reads it. */
    private AccountRow rowOf(String id) {
        Account account = accounts.findById(id).orElseThrow();
        return new AccountRow(account.getId(), account.getBalance(), account.getCreatedAt(), account.getVersion());
    }
}
