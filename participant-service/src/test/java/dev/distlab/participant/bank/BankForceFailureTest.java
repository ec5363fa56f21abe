package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.distlab.participant.bank.BankHttp.Op;

/**
 * A log sync that fails after the H2 transaction that ended a branch committed: the reply fails, but the lock
 * table still mirrors the database, so the accounts are free again and snapshots are not blocked (issue 8,
 * defect 5 "locks held forever").
 */
class BankForceFailureTest extends ForceFailureTestBase {

    @Test
    void aCommitWhoseForceFailsReleasesItsLocksOnceTheBranchIsCommitted() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, -10));

        sync.failNext(1);
        HttpResponse<String> failed = bank.commit(tx);
        assertThat(failed.statusCode()).as("the sync failed, so the commit is not acknowledged")
                .isGreaterThanOrEqualTo(500);
        assertThat(bank.state(tx)).isEqualTo("COMMITTED");
        assertThat(bank.locks().findValuesAsString("txId")).as("a COMMITTED branch holds no locks").doesNotContain(tx);

        // the coordinator's retry is answered from the record, and the account takes part in new transactions
        assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
        assertThat(bank.balance(a)).isEqualTo(90);
        String next = bank.prepared(new Op(a, -5));
        assertThat(bank.abort(next).statusCode()).isEqualTo(200);
        assertThat(bank.send("POST", "/internal/bank/snapshots/after-commit", null).statusCode()).isEqualTo(200);
        bank.send("DELETE", "/internal/bank/snapshots/after-commit", null);
    }

    @Test
    void anAbortWhoseForceFailsReleasesItsLocksOnceTheBranchIsAborted() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, -10));

        sync.failNext(1);
        assertThat(bank.abort(tx).statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(bank.state(tx)).isEqualTo("ABORTED");
        assertThat(bank.locks().findValuesAsString("txId")).doesNotContain(tx);

        assertThat(bank.abort(tx).statusCode()).isEqualTo(200);
        assertThat(bank.vote(BankHttp.txId(), new Op(a, -100)).path("vote").asString()).isEqualTo("YES");
        bank.abortAllPrepared();
        assertThat(bank.balance(a)).isEqualTo(100);
    }
}
