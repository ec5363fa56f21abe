package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.distlab.participant.bank.BankHttp.Op;
import tools.jackson.databind.JsonNode;

/**
 * The snapshot freeze (here: prepares wait 1 s, a drain 1 s, a freeze lapses after 2 s): new prepares are
 * held, PREPARED branches are drained, balances are read, and the freeze ends by release or by itself.
 */
class BankSnapshotTest extends BankApiTestBase {

    @Autowired
    FreezeGate gate;

    private String a;

    @BeforeEach
    void noPreparedBranches() {
        bank.abortAllPrepared();
        a = BankHttp.account("snap");
        bank.createAccounts(100, a);
    }

    @AfterEach
    void releaseFreezes() {
        for (String id : new String[] { "s1", "s2" }) {
            bank.send("DELETE", "/internal/bank/snapshots/" + id, null);
        }
    }

    @Test
    void snapshotReadsEveryBalanceWhileFrozenAndReleaseSaysItHeld() {
        String b = bank.newAccount("snap", 250);
        HttpResponse<String> r = bank.send("POST", "/internal/bank/snapshots/s1", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode snapshot = json(r);
        assertThat(snapshot.path("snapshotId").asString()).isEqualTo("s1");
        assertThat(snapshot.path("accounts").findValuesAsString("id")).contains(a, b).isSorted();
        for (JsonNode account : snapshot.path("accounts")) {
            if (account.path("id").asString().equals(b)) {
                assertThat(account.path("balance").asLong()).isEqualTo(250);
            }
        }
        assertThat(gate.holds("s1")).isTrue();

        assertReleased("s1", true);
        assertReleased("s1", false);
    }

    @Test
    void prepareDuringAFreezeWaitsAndProceedsOnceReleased() throws Exception {
        assertThat(bank.send("POST", "/internal/bank/snapshots/s1", null).statusCode()).isEqualTo(200);
        String tx = BankHttp.txId();
        CompletableFuture<JsonNode> vote = CompletableFuture.supplyAsync(() -> bank.vote(tx, new Op(a, -5)));
        Poll.until("the prepare waits at the freeze", Duration.ofSeconds(5), () -> gate.waiting() == 1);
        assertThat(vote).isNotDone();

        assertReleased("s1", true);
        JsonNode answer = vote.get(5, TimeUnit.SECONDS);
        assertThat(answer.path("vote").asString()).isEqualTo("YES");
        bank.abort(tx);
    }

    @Test
    void prepareDuringAFreezeVotesNoConflictAfterTheFreezeWaitAndRecordsNothing() {
        assertThat(bank.send("POST", "/internal/bank/snapshots/s1", null).statusCode()).isEqualTo(200);
        String tx = BankHttp.txId();
        long start = System.nanoTime();
        JsonNode vote = bank.vote(tx, new Op(a, -5));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("CONFLICT");
        assertThat(millis).as("waited for the freeze").isBetween(900L, 1900L);
        assertProblem(bank.branch(tx), 404);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a);
        assertReleased("s1", true);
    }

    @Test
    void snapshotWaitsForAPreparedBranchToEnd() throws Exception {
        String tx = bank.prepared(new Op(a, 40));
        CompletableFuture<HttpResponse<String>> snapshot = CompletableFuture
                .supplyAsync(() -> bank.send("POST", "/internal/bank/snapshots/s1", null));
        Poll.until("the freeze is in force", Duration.ofSeconds(5), () -> gate.holds("s1"));
        assertThat(snapshot).isNotDone();

        assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
        HttpResponse<String> r = snapshot.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode account : json(r).path("accounts")) {
            if (account.path("id").asString().equals(a)) {
                assertThat(account.path("balance").asLong()).isEqualTo(140);
            }
        }
        assertReleased("s1", true);
    }

    @Test
    void snapshotWithAPreparedBranchThatNeverEndsIsUnavailableAfterTheDrainTimeout() {
        String tx = bank.prepared(new Op(a, -1));
        long start = System.nanoTime();
        HttpResponse<String> r = bank.send("POST", "/internal/bank/snapshots/s1", null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode problem = assertProblem(r, 503);
        assertThat(problem.path("snapshotId").asString()).isEqualTo("s1");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(millis).as("waited for the drain").isBetween(900L, 1900L);
        // the failed snapshot lifted its freeze: prepares go through at once
        assertThat(gate.holds("s1")).isFalse();
        String other = bank.newAccount("free", 10);
        assertThat(bank.vote(BankHttp.txId(), new Op(other, 1)).path("vote").asString()).isEqualTo("YES");
        assertReleased("s1", false);
        bank.abortAllPrepared();
    }

    @Test
    void aFreezeThatIsNotReleasedLapsesByItself() {
        long start = System.nanoTime();
        assertThat(bank.send("POST", "/internal/bank/snapshots/s1", null).statusCode()).isEqualTo(200);
        Poll.until("the freeze lapses", Duration.ofSeconds(5), () -> !gate.holds("s1"));
        assertThat((System.nanoTime() - start) / 1_000_000).as("lapse after 2 s").isGreaterThanOrEqualTo(1900L);
        String tx = BankHttp.txId();
        assertThat(bank.vote(tx, new Op(a, 1)).path("vote").asString()).isEqualTo("YES");
        assertReleased("s1", false);
        bank.abort(tx);
    }

    @Test
    void severalSnapshotsHoldTheirFreezesIndependently() throws Exception {
        assertThat(bank.send("POST", "/internal/bank/snapshots/s1", null).statusCode()).isEqualTo(200);
        assertThat(bank.send("POST", "/internal/bank/snapshots/s2", null).statusCode()).isEqualTo(200);
        assertReleased("s1", true);
        String tx = BankHttp.txId();
        CompletableFuture<JsonNode> vote = CompletableFuture.supplyAsync(() -> bank.vote(tx, new Op(a, 1)));
        Poll.until("s2 still holds the prepare", Duration.ofSeconds(5), () -> gate.waiting() == 1);
        assertReleased("s2", true);
        assertThat(vote.get(5, TimeUnit.SECONDS).path("vote").asString()).isEqualTo("YES");
        bank.abort(tx);
    }

    private void assertReleased(String snapshotId, boolean held) {
        HttpResponse<String> r = bank.send("DELETE", "/internal/bank/snapshots/" + snapshotId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(json(r).path("held").asBoolean()).as("held").isEqualTo(held);
    }
}
