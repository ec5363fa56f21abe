package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.FakeParticipant;
import dev.distlab.coordinator.support.TestCrashPoints;

/**
 * A coordinator stopped at each of its crash points, then started again on the same data dir: recovery finishes
 * every transaction with the one outcome its decision (or the lack of one) implies.
 */
class RecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static FakeCluster cluster;
    FakeParticipant p1;
    FakeParticipant p2;
    FakeConfigStore store;

    @BeforeAll
    static void startCluster() {
        cluster = new FakeCluster(2);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void reset() {
        cluster.reset();
        TestCrashPoints.reset();
        p1 = cluster.participant(1);
        p2 = cluster.participant(2);
        store = cluster.store();
        for (String pair : new String[] { "a", "b", "c", "d" }) {
            cluster.account(pair + "-from", 100, 1);
            cluster.account(pair + "-to", 0, 2);
        }
    }

    @Test
    void shouldFinishEveryInterruptedTransactionAfterARestartInPaxosMode(@TempDir Path dataDir) {
        String beforePrepare;
        String afterVotes;
        String afterDecision;
        String afterAck;
        try (Coordinator first = Coordinator.start(dataDir, cluster)) {
            Api api = first.api();
            first.crashPoints().arm("coordinator.before-prepare", 1);
            assertThat(api.transfer("a-from", "a-to", 10).status()).isEqualTo(500);
            beforePrepare = api.get("/api/transactions?status=PREPARING").body().path("transactions").get(0)
                    .path("id").asString();
            assertThat(p1.prepared()).isEmpty();

            first.crashPoints().arm("coordinator.after-votes", 1);
            assertThat(api.transfer("b-from", "b-to", 10).status()).isEqualTo(500);
            afterVotes = p1.prepared().get(0);
            assertThat(store.value(decision(afterVotes))).isNull();

            first.crashPoints().arm("coordinator.after-decision", 1);
            assertThat(api.transfer("c-from", "c-to", 10).status()).isEqualTo(500);
            afterDecision = p1.prepared().get(1);
            assertThat(store.value(decision(afterDecision))).isEqualTo("COMMIT");
            assertThat(p1.state(afterDecision)).isEqualTo("PREPARED");

            first.crashPoints().arm("coordinator.after-commit-ack", 1);
            Api.Response answered = api.transfer("d-from", "d-to", 10);
            assertThat(answered.status()).isEqualTo(201);
            afterAck = answered.text("transactionId");
            await("the first acknowledgement").atMost(WAIT)
                    .until(() -> TestCrashPoints.HIT.contains("coordinator.after-commit-ack"));
            assertThat(api.get("/api/transactions/" + afterAck).text("completedAt")).isNull();
        }
        assertThat(p1.locks()).as("in doubt while the coordinator is away").isNotEmpty();

        try (Coordinator second = Coordinator.start(dataDir, cluster)) {
            Api api = second.api();
            awaitCompleted(api, beforePrepare, afterVotes, afterDecision, afterAck);

            assertOutcome(api, beforePrepare, "ABORTED");
            assertThat(p1.state(beforePrepare)).as("a tombstone: a late prepare would vote NO").isEqualTo("ABORTED");
            assertOutcome(api, afterVotes, "ABORTED");
            assertOutcome(api, afterDecision, "COMMITTED");
            assertOutcome(api, afterAck, "COMMITTED");
            assertThat(p1.balance("a-from") + p1.balance("b-from")).isEqualTo(200);
            assertThat(p1.balance("c-from") + p1.balance("d-from")).isEqualTo(180);
            assertThat(p2.balance("c-to") + p2.balance("d-to")).isEqualTo(20);
            assertThat(p1.locks()).isEmpty();
            assertThat(p2.locks()).isEmpty();
            for (String tx : new String[] { beforePrepare, afterVotes }) {
                assertThat(store.value(decision(tx))).as("decision of %s kept for its retention", tx)
                        .isEqualTo("ABORT");
            }
            for (String tx : new String[] { afterDecision, afterAck }) {
                assertThat(store.value(decision(tx))).as("decision of %s kept for its retention", tx)
                        .isEqualTo("COMMIT");
            }
            assertThat(api.get("/actuator/prometheus").raw().body())
                    .contains("bank_recovery_actions_total{action=\"abort-undecided\"} 2.0")
                    .contains("bank_recovery_actions_total{action=\"resume-commit\"} 2.0");
        }
    }

    @Test
    void shouldFinishInterruptedTransactionsFromItsOwnDatabaseInLocalMode(@TempDir Path dataDir) {
        String afterVotes;
        String afterDecision;
        try (Coordinator first = Coordinator.start(dataDir, cluster, "platform.bank.mode=local")) {
            Api api = first.api();
            first.crashPoints().arm("coordinator.after-votes", 1);
            assertThat(api.transfer("a-from", "a-to", 10).status()).isEqualTo(500);
            afterVotes = p1.prepared().get(0);

            first.crashPoints().arm("coordinator.after-decision", 1);
            assertThat(api.transfer("b-from", "b-to", 10).status()).isEqualTo(500);
            afterDecision = p1.prepared().get(1);
            assertThat(api.get("/api/transactions/" + afterDecision).text("status")).isEqualTo("COMMITTED");
        }

        try (Coordinator second = Coordinator.start(dataDir, cluster, "platform.bank.mode=local")) {
            Api api = second.api();
            awaitCompleted(api, afterVotes, afterDecision);
            assertOutcome(api, afterVotes, "ABORTED");
            assertOutcome(api, afterDecision, "COMMITTED");
            assertThat(p1.balance("a-from")).isEqualTo(100);
            assertThat(p1.balance("b-from")).isEqualTo(90);
            assertThat(p2.balance("b-to")).isEqualTo(10);
        }
        assertThat(store.requests()).as("local mode keeps decisions out of the store")
                .noneMatch(r -> r.path().startsWith("/api/config/tx/"));
    }

    private void assertOutcome(Api api, String txId, String status) {
        Api.Response tx = api.get("/api/transactions/" + txId);
        assertThat(tx.text("status")).as("transaction %s", txId).isEqualTo(status);
        assertThat(p1.state(txId)).as("branch of %s at participant-1", txId).isEqualTo(status);
        assertThat(p2.state(txId)).as("branch of %s at participant-2", txId).isEqualTo(status);
    }

    private static void awaitCompleted(Api api, String... txIds) {
        for (String txId : txIds) {
            await("transaction " + txId + " to complete").atMost(WAIT)
                    .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
        }
    }

    private static String decision(String txId) {
        return "tx/" + txId + "/decision";
    }
}
