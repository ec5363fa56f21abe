package dev.distlab.coordinator.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.FakeParticipant;
import dev.distlab.coordinator.support.Poll;
import dev.distlab.coordinator.support.TestCrashPoints;

/** Local mode: the decision only in the coordinator's database, and the participants' inquiries about it. */
class LocalModeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    static FakeCluster cluster;
    static Coordinator coordinator;
    static Api api;
    FakeParticipant p1;
    FakeParticipant p2;

    @BeforeAll
    static void start() {
        cluster = new FakeCluster(2);
        coordinator = Coordinator.start(dataDir, cluster, "platform.bank.mode=local");
        api = coordinator.api();
    }

    @AfterAll
    static void stop() {
        coordinator.close();
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
    }

    @AfterEach
    void disarm() {
        coordinator.crashPoints().disarm("coordinator.after-votes");
        TestCrashPoints.reset();
    }

    @Test
    void shouldCommitWithTheDecisionOnlyInItsOwnDatabase() {
        Api.Response r = api.transfer("alice", "bob", 40);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(p2.balance("bob")).isEqualTo(40);
        assertThat(cluster.store().requests()).noneMatch(q -> q.path().startsWith("/api/config/tx/"));
        assertThat(p1.branch(txId).body.path("mode").asString()).isEqualTo("local");
        assertThat(p1.branch(txId).body.path("coordinatorUrl").asString()).isEqualTo(coordinator.url());
        assertThat(api.get("/api/transactions/" + txId).text("mode")).isEqualTo("local");
    }

    @Test
    void shouldTellParticipantsTheDecisionAndPresumeAbortForUnknownTransactions() {
        String committed = api.transfer("alice", "bob", 1).text("transactionId");
        p2.voteNo("INSUFFICIENT_FUNDS");
        String aborted = api.transfer("alice", "bob", 1).text("transactionId");
        String unknown = UUID.randomUUID().toString();

        assertThat(inquire(committed)).isEqualTo("COMMIT");
        assertThat(inquire(aborted)).isEqualTo("ABORT");
        assertThat(inquire(unknown)).isEqualTo("ABORT");
        Api.Response tombstone = api.get("/api/transactions/" + unknown);
        assertThat(tombstone.text("status")).as("the presumed abort is recorded, so it cannot start later")
                .isEqualTo("ABORTED");
        assertThat(api.get("/internal/bank/decisions/" + committed).status()).as("token required").isEqualTo(401);
        assertThat(api.internalGet("/internal/bank/decisions/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void shouldLetAnInquiryPastTheVoteTimeoutAbortATransactionItsRequestHasNotDecidedYet() throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        TestCrashPoints.halter = point -> {
            paused.countDown();
            await(resume);
        };
        coordinator.crashPoints().arm("coordinator.after-votes", 1);
        CompletableFuture<Api.Response> transfer = CompletableFuture.supplyAsync(() -> api.transfer("alice", "bob", 5));
        assertThat(paused.await(10, TimeUnit.SECONDS)).as("the request is paused after the votes").isTrue();
        String txId = p1.prepared().get(0);
        assertThat(p1.state(txId)).isEqualTo("PREPARED");

        assertThat(inquire(txId)).as("within the vote timeout the request may still decide").isEqualTo("PENDING");
        Poll.until("the transaction to be older than the vote timeout", WAIT, () -> "ABORT".equals(inquire(txId)));
        resume.countDown();

        Api.Response r = transfer.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(r.text("reason")).isEqualTo("TIMEOUT");
        awaitCompleted(txId);
        assertThat(p1.state(txId)).isEqualTo("ABORTED");
        assertThat(p2.state(txId)).isEqualTo("ABORTED");
        assertThat(p2.balance("bob")).isZero();
    }

    private static String inquire(String txId) {
        Api.Response r = api.internalGet("/internal/bank/decisions/" + txId);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.text("outcome");
    }

    private static void awaitCompleted(String txId) {
        Poll.until("transaction " + txId + " to complete", WAIT,
                () -> api.get("/api/transactions/" + txId).text("completedAt") != null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
