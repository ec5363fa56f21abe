package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.common.PlatformProperties;
import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.FakeParticipant;
import dev.distlab.coordinator.support.TestCrashPoints;

/** Idempotency-Key semantics through two coordinators that share the store, and finding each other's history. */
class IdempotencyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static FakeCluster cluster;
    static Coordinator a;
    static Coordinator b;
    FakeParticipant p1;
    FakeParticipant p2;
    String key;

    @BeforeAll
    static void start() {
        cluster = new FakeCluster(2);
        a = Coordinator.start(dirA, cluster, "platform.instance-id=coordinator-a");
        b = Coordinator.start(dirB, cluster, "platform.instance-id=coordinator-b", "platform.peers=" + a.url());
        a.bean(PlatformProperties.class).setPeers(List.of(b.url()));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        cluster.close();
    }

    @BeforeEach
    void accounts() {
        cluster.reset();
        TestCrashPoints.reset();
        cluster.account("alice", 100, 1);
        cluster.account("bob", 0, 2);
        p1 = cluster.participant(1);
        p2 = cluster.participant(2);
        key = "key-" + UUID.randomUUID();
    }

    @Test
    void shouldApplyARepeatedRequestOnceAndAnswerItAlikeThroughEitherCoordinator() {
        Api.Response first = a.api().transfer("alice", "bob", 7, key);
        Api.Response again = a.api().transfer("alice", "bob", 7, key);
        Api.Response elsewhere = b.api().transfer("alice", "bob", 7, key);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        for (Api.Response r : List.of(again, elsewhere)) {
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            assertThat(r.text("transactionId")).isEqualTo(first.text("transactionId"));
            assertThat(r.header("Location")).isEqualTo(first.header("Location"));
        }
        assertThat(p1.prepared()).hasSize(1);
        assertThat(p2.prepared()).hasSize(1);
        await("the key's record to turn final").atMost(WAIT).until(() -> record().contains("\"COMMITTED\""));
        assertThat(record()).contains(first.text("transactionId"));
        assertThat(p1.balance("alice")).isEqualTo(93);
        assertThat(p2.balance("bob")).isEqualTo(7);
    }

    @Test
    void shouldReplayARefusalWithItsReason() {
        p1.voteNo("INSUFFICIENT_FUNDS");
        Api.Response first = a.api().transfer("alice", "bob", 7, key);
        await("the key's record to turn final").atMost(WAIT).until(() -> record().contains("\"ABORTED\""));

        Api.Response again = b.api().transfer("alice", "bob", 7, key);

        assertThat(first.status()).isEqualTo(422);
        assertThat(again.status()).as("%s", again).isEqualTo(422);
        assertThat(again.text("transactionId")).isEqualTo(first.text("transactionId"));
        assertThat(again.text("reason")).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(again.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(p1.prepared()).hasSize(1);
    }

    @Test
    void shouldRefuseTheKeyWithAnotherRequest() {
        assertThat(a.api().transfer("alice", "bob", 7, key).status()).isEqualTo(201);

        Api.Response other = b.api().transfer("alice", "bob", 8, key);
        Api.Response otherKind = a.api().post("/api/transactions",
                "{\"operations\":[{\"account\":\"alice\",\"delta\":-7},{\"account\":\"bob\",\"delta\":7}]}", key);

        assertThat(other.status()).as("%s", other).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(otherKind.status()).as("a transaction is another request than a transfer").isEqualTo(422);
        assertThat(p1.prepared()).hasSize(1);
        assertThat(p1.balance("alice")).isEqualTo(93);
    }

    @Test
    void shouldRunConcurrentRequestsWithOneKeyOnce() {
        p1.delayPrepares(Duration.ofMillis(300));
        List<CompletableFuture<Api.Response>> calls = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> (i % 2 == 0 ? a : b).api()
                        .transfer("alice", "bob", 3, key)))
                .toList();

        List<Api.Response> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
        assertThat(answers.stream().map(r -> r.text("transactionId")).distinct()).hasSize(1);
        assertThat(p1.prepared()).hasSize(1);
        assertThat(p2.prepared()).hasSize(1);
        assertThat(p1.balance("alice")).isEqualTo(97);
    }

    @Test
    void shouldAbortTheStaleAttemptOfACoordinatorThatStoppedBeforeDeciding() {
        a.crashPoints().arm("coordinator.before-prepare", 1);
        assertThat(a.api().transfer("alice", "bob", 7, key).status()).isEqualTo(500);
        String txId = a.api().get("/api/transactions?status=PREPARING").body().path("transactions").get(0)
                .path("id").asString();

        // waits while the attempt may still be running, then (older than twice the in-doubt timeout) writes ABORT
        Api.Response retry = b.api().transfer("alice", "bob", 7, key);

        assertThat(retry.status()).as("%s", retry).isEqualTo(503);
        assertThat(retry.text("transactionId")).isEqualTo(txId);
        assertThat(retry.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(retry.text("reason")).isEqualTo("TIMEOUT");
        assertThat(cluster.store().value("tx/" + txId + "/decision")).isEqualTo("ABORT");
        assertThat(record()).as("final at once, so repeats need not wait").contains("\"ABORTED\"");

        a.bean(Recovery.class).round(); // the first coordinator finds the ABORT and finishes
        await("the key's record to turn final").atMost(WAIT).until(() -> record().contains("\"ABORTED\""));
        await("transaction to complete").atMost(WAIT).until(() -> a.api().get("/api/transactions/" + txId)
                .text("completedAt") != null);
        assertThat(cluster.store().value("tx/" + txId + "/decision")).as("kept for its retention").isEqualTo("ABORT");
        assertThat(p1.state(txId)).isEqualTo("ABORTED");
        assertThat(b.api().transfer("alice", "bob", 7, key).text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(p1.balance("alice")).isEqualTo(100);
    }

    @Test
    void shouldShowATransactionOfAnotherCoordinatorFromItsHistory() {
        String txId = b.api().transfer("alice", "bob", 1).text("transactionId");

        Api.Response viaPeer = a.api().get("/api/transactions/" + txId);

        assertThat(viaPeer.status()).as("%s", viaPeer).isEqualTo(200);
        assertThat(viaPeer.text("id")).isEqualTo(txId);
        assertThat(viaPeer.text("coordinator")).isEqualTo("coordinator-b");
        assertThat(a.api().internalGet("/internal/bank/transactions/" + txId).status())
                .as("the internal view is one coordinator's own history").isEqualTo(404);
    }

    private String record() {
        String value = cluster.store().value("bank/idempotency/" + Hashes.sha256Hex(key));
        return value == null ? "" : value;
    }
}
