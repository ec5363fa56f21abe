package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.item;
import static dev.distlab.participant.bank.BankHttp.json;
import static dev.distlab.participant.bank.BankHttp.prepareItem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;


import dev.distlab.participant.bank.BankHttp.Op;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /internal/bank/batch}: each item answered as its single endpoint answers, in order, with one sync of the
 * write-ahead log for the whole batch.
 */
class BankBatchTest extends BankApiTestBase {

    @Autowired
    BankLog bankLog;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    AccountRepository accounts;

    @Test
    void preparesOnDistinctAccountsVoteYesAndShareOneForce() {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String c = bank.newAccount("c", 100);
        String t1 = BankHttp.txId();
        String t2 = BankHttp.txId();
        String t3 = BankHttp.txId();

        long syncs = bankLog.syncCount();
        JsonNode results = bank.batch(prepareItem(t1, new Op(a, -1)), prepareItem(t2, new Op(b, -2)),
                prepareItem(t3, new Op(c, -3)));

        assertThat(bankLog.syncCount() - syncs).as("one sync for three YES votes").isEqualTo(1);
        List<String> txIds = List.of(t1, t2, t3);
        for (int i = 0; i < 3; i++) {
            JsonNode r = results.get(i);
            assertThat(r.path("txId").asString()).isEqualTo(txIds.get(i));
            assertThat(r.path("action").asString()).isEqualTo("prepare");
            assertThat(r.path("status").asInt()).isEqualTo(200);
            assertThat(r.path("body").path("vote").asString()).as(r.toString()).isEqualTo("YES");
            assertThat(r.path("body").path("state").asString()).isEqualTo("PREPARED");
            assertThat(bank.state(txIds.get(i))).isEqualTo("PREPARED");
        }
        assertThat(bank.locks().findValuesAsString("txId")).contains(t1, t2, t3);
        txIds.forEach(bank::abort);
    }

    @Test
    void aBatchWithNothingToMakeDurableDoesNotForce() {
        String a = bank.newAccount("a", 100);
        long syncs = bankLog.syncCount();
        // a NO is recorded without a force, and a commit of a transaction never prepared changes nothing
        JsonNode results = bank.batch(prepareItem(BankHttp.txId(), new Op(a, -101)),
                item(BankHttp.txId(), "commit", null));
        assertThat(results.get(0).path("body").path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(results.get(1).path("status").asInt()).isEqualTo(404);
        assertThat(bankLog.syncCount()).isEqualTo(syncs);
    }

    @Test
    void eachResultIsWhatItsSingleEndpointAnswers() {
        String a = bank.newAccount("a", 100);
        String poor = bank.newAccount("poor", 1);
        String prepared = bank.prepared(new Op(a, -5));
        String aborted = bank.prepared(new Op(bank.newAccount("b", 100), -5));
        assertThat(bank.abort(aborted).statusCode()).isEqualTo(200);
        String conflicting = BankHttp.txId();
        String refused = BankHttp.txId();
        String unknown = BankHttp.txId();
        String neverSeen = BankHttp.txId();
        String badBody = BankHttp.prepareBody("paxos", null, List.of(new Op("bad id", 1), new Op(a, 1_000_000_000_001L)));
        String twice = BankHttp.prepareBody("paxos", null, List.of(new Op(a, 1), new Op(a, 2)));
        String repeat = BankHttp.prepareBody("paxos", "http://127.0.0.1:1", List.of(new Op(a, -5)));

        JsonNode results = bank.batch(
                item(prepared, "prepare", repeat),
                prepareItem(conflicting, new Op(a, 1)),
                prepareItem(refused, new Op(poor, -2)),
                item(unknown, "commit", null),
                item(neverSeen, "abort", null),
                item(aborted, "commit", null),
                item("NOT-A-UUID", "abort", null),
                item(BankHttp.txId(), "prepare", badBody),
                item(BankHttp.txId(), "prepare", twice));

        // asked again one by one: every call here is answered from the state the batch left (or changes nothing)
        String tx = "/internal/bank/transactions/";
        assertSame(results.get(0), bank.send("POST", tx + prepared + "/prepare", repeat));
        assertSame(results.get(1), bank.prepare(conflicting, new Op(a, 1)));
        assertSame(results.get(2), bank.prepare(refused, new Op(poor, -2)));
        assertSame(results.get(3), bank.commit(unknown));
        assertSame(results.get(4), bank.abort(neverSeen));
        assertSame(results.get(5), bank.commit(aborted));
        assertSame(results.get(6), bank.send("POST", tx + "NOT-A-UUID/abort", null));
        String fresh = results.get(7).path("txId").asString();
        assertSame(results.get(7), bank.send("POST", tx + fresh + "/prepare", badBody));
        String other = results.get(8).path("txId").asString();
        assertSame(results.get(8), bank.send("POST", tx + other + "/prepare", twice));

        // the cases the comparison is about
        assertThat(results.get(0).path("body").path("vote").asString()).isEqualTo("YES");
        assertThat(results.get(1).path("body").path("reason").asString()).isEqualTo("CONFLICT");
        assertThat(results.get(2).path("body").path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(results.get(3).path("status").asInt()).isEqualTo(404);
        assertThat(results.get(4).path("body").path("state").asString()).isEqualTo("ABORTED");
        assertThat(results.get(5).path("status").asInt()).isEqualTo(409);
        assertThat(results.get(5).path("body").path("state").asString()).isEqualTo("ABORTED");
        assertThat(results.get(6).path("status").asInt()).isEqualTo(400);
        assertThat(results.get(7).path("body").path("errors").size()).isEqualTo(2);
        assertThat(results.get(8).path("body").path("detail").asString()).contains("appears twice");
        assertThat(bank.state(neverSeen)).as("the abort of an unknown transaction left a tombstone").isEqualTo("ABORTED");
        bank.abort(prepared);
    }

    @Test
    void aPrepareMissingItsBodyIsAnsweredAsTheSingleEndpointAnswersOne() {
        String tx = BankHttp.txId();
        JsonNode results = bank.batch(item(tx, "prepare", null));
        assertSame(results.get(0), bank.send("POST", "/internal/bank/transactions/" + tx + "/prepare", ""));
    }

    @Test
    void aPrepareAndTheCommitOfTheSameTransactionInOneBatchCommitIt() {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String tx = BankHttp.txId();

        long syncs = bankLog.syncCount();
        JsonNode results = bank.batch(prepareItem(tx, new Op(a, -30), new Op(b, 30)), item(tx, "commit", null));

        assertThat(bankLog.syncCount() - syncs).isEqualTo(1);
        assertThat(results.get(0).path("body").path("vote").asString()).isEqualTo("YES");
        assertThat(results.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).path("body").path("state").asString()).isEqualTo("COMMITTED");
        assertThat(bank.state(tx)).isEqualTo("COMMITTED");
        assertThat(bank.balance(a)).isEqualTo(70);
        assertThat(bank.balance(b)).isEqualTo(130);
        assertThat(bank.locks().findValuesAsString("txId")).as("the commit released its locks").doesNotContain(tx);
    }

    @Test
    void theSecondOfTwoPreparesLockingTheSameAccountVotesNoConflict() {
        String a = bank.newAccount("a", 100);
        String first = BankHttp.txId();
        String second = BankHttp.txId();

        JsonNode results = bank.batch(prepareItem(first, new Op(a, -1)), prepareItem(second, new Op(a, -1)));

        assertThat(results.get(0).path("body").path("vote").asString()).isEqualTo("YES");
        assertThat(results.get(1).path("body").path("vote").asString()).isEqualTo("NO");
        assertThat(results.get(1).path("body").path("reason").asString()).isEqualTo("CONFLICT");
        assertThat(bank.locks().findValuesAsString("txId")).contains(first).doesNotContain(second);
        assertProblem(bank.branch(second), 404);
        bank.abort(first);
    }

    @Test
    void aBatchOfPreparesDuringAFreezeSharesOneFreezeWait() {
        // here a prepare waits 1 s for a freeze, which lapses after 2 s: waited one after another, the third prepare
        // would find the freeze lapsed and vote YES
        bank.abortAllPrepared();
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String c = bank.newAccount("c", 100);
        assertThat(bank.send("POST", "/internal/bank/snapshots/batch-freeze", null).statusCode()).isEqualTo(200);
        try {
            JsonNode results = bank.batch(prepareItem(BankHttp.txId(), new Op(a, -1)),
                    prepareItem(BankHttp.txId(), new Op(b, -1)), prepareItem(BankHttp.txId(), new Op(c, -1)));
            for (JsonNode r : results) {
                assertThat(r.path("body").path("vote").asString()).as(r.toString()).isEqualTo("NO");
                assertThat(r.path("body").path("reason").asString()).isEqualTo("CONFLICT");
                assertProblem(bank.branch(r.path("txId").asString()), 404);
            }
        } finally {
            bank.send("DELETE", "/internal/bank/snapshots/batch-freeze", null);
        }
    }

    @Test
    void theItemsOfABatchShareOneDatabaseTransaction() {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String c = bank.newAccount("c", 100);
        String tx = BankHttp.txId();
        AtomicInteger commits = new AtomicInteger();
        // transactions committed by the thread that serves the request (not the store's or the resolver's)
        TransactionExecutionListener counter = new TransactionExecutionListener() {
            @Override
            public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
                if (Thread.currentThread().getName().contains("exec")) {
                    commits.incrementAndGet();
                }
            }
        };
        ((ConfigurableTransactionManager) transactions).addListener(counter);
        try {
            JsonNode results = bank.batch(prepareItem(tx, new Op(a, -30), new Op(b, 30)), item(tx, "commit", null),
                    prepareItem(BankHttp.txId(), new Op(c, -1)));
            assertThat(results.get(1).path("body").path("state").asString()).isEqualTo("COMMITTED");
        } finally {
            ((ConfigurableTransactionManager) transactions).getTransactionExecutionListeners().remove(counter);
        }
        assertThat(commits).as("two prepares and a commit, one database transaction").hasValue(1);
        assertThat(bank.balance(a)).isEqualTo(70);
    }

    @Test
    void aBatchWhoseTransactionIsRolledBackRecordsNothingAndHoldsOnlyTheLocksOfWhatIsStillPrepared() {
        String gone = bank.newAccount("gone", 100);
        String b = bank.newAccount("b", 100);
        String prepared = bank.prepared(new Op(gone, -5));
        // the database loses the account of a PREPARED branch (what applyDeltas refuses to commit): its commit fails
        // inside the batch's transaction, which can then only roll back
        accounts.deleteById(gone);
        String fresh = BankHttp.txId();

        JsonNode results = bank.batch(prepareItem(fresh, new Op(b, -1)), item(prepared, "commit", null));

        assertThat(BankHttp.statuses(results)).containsExactly(500, 500);
        assertProblem(bank.branch(fresh), 404);
        assertThat(bank.state(prepared)).isEqualTo("PREPARED");
        assertThat(bank.locks().findValuesAsString("txId")).as("the rolled-back prepare's lock is gone, the "
                + "still PREPARED branch keeps its own").contains(prepared).doesNotContain(fresh);
        assertThat(bank.balance(b)).isEqualTo(100);
        bank.abort(prepared);
    }

    /** The batch's result for an item has the status and the body that its single endpoint answered. */
    private static void assertSame(JsonNode result, HttpResponse<String> single) {
        assertThat(result.path("status").asInt()).as(result + " vs " + single.body()).isEqualTo(single.statusCode());
        assertThat(result.path("body")).as("single endpoint: " + single.body()).isEqualTo(json(single));
    }
}
