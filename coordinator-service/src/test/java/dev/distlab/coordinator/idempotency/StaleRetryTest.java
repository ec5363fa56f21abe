package dev.distlab.coordinator.idempotency;

import static dev.distlab.coordinator.support.Spies.failingOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.StoreUnavailableException;
import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.TxResult;
import dev.distlab.coordinator.idempotency.IdempotencyRecords.Stored;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.Spies;
import dev.distlab.coordinator.support.TestCrashPoints;

/**
 * Issue 8, defect 2: a retry at coordinator B read the key's record as PENDING while coordinator A's transaction
 * was in phase 2; A then finished (record COMMITTED, and the decision deleted); B found no decision, its
 * create-only ABORT won, its re-read of the record failed, and it answered ABORTED for a committed transfer — a
 * client retrying with a new key then moved the money twice. Built here step by step: A pauses after its decision;
 * B reads the PENDING record; A finishes; B goes on from what it read, with its next read of the record failing.
 */
class StaleRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static FakeCluster cluster;
    static Coordinator a;
    static Coordinator b;

    @BeforeAll
    static void start() {
        cluster = new FakeCluster(2);
        a = Coordinator.start(dirA, cluster, "platform.instance-id=coordinator-a");
        b = Coordinator.start(dirB, cluster, List.of(Spies.class), "platform.instance-id=coordinator-b");
    }

    @AfterAll
    static void stop() {
        TestCrashPoints.reset();
        a.close();
        b.close();
        cluster.close();
    }

    @Test
    void shouldNeverAnswerAbortedForATransferThatCommitted() throws Exception {
        cluster.account("alice", 100, 1);
        cluster.account("bob", 0, 2);
        String key = "key-" + UUID.randomUUID();
        String keyHash = Hashes.sha256Hex(key);
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        TestCrashPoints.halter = point -> {
            paused.countDown();
            hold(resume);
        };
        a.crashPoints().arm("coordinator.after-decision", 1);
        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> a.api().transfer("alice", "bob",
                7, key));
        assertThat(paused.await(10, TimeUnit.SECONDS)).as("A has decided COMMIT, phase 2 not started").isTrue();

        Stored seenByB = b.bean(IdempotencyRecords.class).read(keyHash).orElseThrow();
        assertThat(seenByB.record().status()).isEqualTo(IdempotencyRecord.PENDING);

        resume.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        String txId = seenByB.record().transactionId();
        await("A to finish the transaction").atMost(WAIT).until(() -> a.api().get("/api/transactions/" + txId)
                .text("completedAt") != null);
        await("B's view to be old enough for B to abort it").atMost(WAIT)
                .until(() -> seenByB.record().age(java.time.Clock.systemUTC()).compareTo(Duration.ofMillis(2200)) > 0);
        failNextRecordRead(b.bean(ConfigClient.class));

        TxResult answer = b.bean(IdempotencyService.class).await(keyHash, seenByB.record().requestHash(), seenByB);

        assertThat(answer.status()).as("%s", answer).isEqualTo(TxResult.COMMITTED);
        assertThat(cluster.store().value("tx/" + txId + "/decision")).isEqualTo("COMMIT");
        assertThat(cluster.participant(2).balance("bob")).isEqualTo(7);
    }

    /** B's next read of an idempotency record fails, as a read during a leader change does. */
    private static void failNextRecordRead(ConfigClient spy) {
        doAnswer(failingOnce(new StoreUnavailableException(503, "no leader (injected)", null))).when(spy)
                .get(startsWith("bank/idempotency/"));
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
