package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.FakeParticipant;

/**
 * Issue 8, defect 7: a branch that ended otherwise than the decision (409 in phase 2) was counted as an
 * acknowledgement and the evidence deleted; a branch whose PREPARED row was lost (404 on commit) was retried
 * forever without a word. Both now make the transaction HEURISTIC: shown, counted, logged, and no longer retried.
 */
class HeuristicOutcomeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2);

    final Api api = bank.api();
    final FakeParticipant alices = bank.participant(1);
    final FakeParticipant bobs = bank.participant(2);

    @BeforeEach
    void accounts() {
        bank.cluster().account("alice", 100, 1);
        bank.cluster().account("bob", 0, 2);
    }

    @Test
    void shouldMarkATransactionHeuristicWhenABranchAbortedWhatWasCommitted() {
        String txId = committedWithPhaseTwoHeldAtBob();
        bobs.endBranch(txId, "ABORTED"); // bob's participant decided by itself, the other way

        Api.Response tx = awaitHeuristic(txId);

        assertThat(tx.text("decision")).isEqualTo("COMMITTED");
        assertThat(branchState(tx, "participant-1")).isEqualTo("COMMITTED");
        assertThat(branchState(tx, "participant-2")).isEqualTo("ABORTED");
        assertThat(bank.store().value("tx/" + txId + "/decision")).as("the evidence is kept").isEqualTo("COMMIT");
        assertThat(api.get("/api/transactions?status=HEURISTIC").body().path("transactions").get(0).path("id")
                .asString()).isEqualTo(txId);
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("bank_transactions_heuristic_total{branch=\"ABORTED\"} 1.0");
    }

    @Test
    void shouldMarkATransactionHeuristicWhenABranchLostItsPreparedState() {
        String txId = committedWithPhaseTwoHeldAtBob();
        bobs.loseBranch(txId); // restored from an old backup, or a disk that lied

        Api.Response tx = awaitHeuristic(txId);

        assertThat(branchState(tx, "participant-2")).isEqualTo("MISSING");
        long commits = bobs.count("POST", "/commit");
        sleep(Duration.ofMillis(500)); // several retry back-offs (20-200 ms here)
        assertThat(bobs.count("POST", "/commit")).as("not retried once known to be lost").isEqualTo(commits);
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("bank_transactions_heuristic_total{branch=\"MISSING\"} 1.0");
    }

    /** A committed transfer whose phase 2 at bob keeps failing until this returns (and then goes through). */
    private String committedWithPhaseTwoHeldAtBob() {
        bobs.failPhaseTwo(Integer.MAX_VALUE);
        Api.Response r = api.transfer("alice", "bob", 10);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        await("alice's branch to commit").atMost(WAIT).until(() -> "COMMITTED".equals(alices.state(txId)));
        bobs.failPhaseTwo(0);
        return txId;
    }

    private Api.Response awaitHeuristic(String txId) {
        await("transaction " + txId + " to be marked HEURISTIC and completed").atMost(WAIT).until(() -> {
            Api.Response tx = api.get("/api/transactions/" + txId);
            return "HEURISTIC".equals(tx.text("status")) && tx.text("completedAt") != null;
        });
        return api.get("/api/transactions/" + txId);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String branchState(Api.Response tx, String participant) {
        for (var b : tx.body().path("branches")) {
            if (b.path("participant").asString().equals(participant)) {
                return b.path("state").asString();
            }
        }
        throw new AssertionError("no branch at " + participant + " in " + tx);
    }
}
