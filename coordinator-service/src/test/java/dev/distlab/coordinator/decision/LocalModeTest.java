package dev.distlab.coordinator.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.CrashCopies;
import dev.distlab.coordinator.support.FakeParticipant;
import dev.distlab.coordinator.support.TestCrashPoints;

/** Local mode: the decision only in the coordinator's database, and the participants' inquiries about it. */
class LocalModeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2, "platform.bank.mode=local");

    final Api api = bank.api();
    final FakeParticipant p1 = bank.participant(1);
    final FakeParticipant p2 = bank.participant(2);

    @BeforeEach
    void accounts() {
        bank.cluster().account("alice", 100, 1);
        bank.cluster().account("bob", 0, 2);
    }

    @AfterEach
    void disarm() {
        bank.coordinator().crashPoints().disarm("coordinator.after-votes");
        TestCrashPoints.reset();
    }

    @Test
    void shouldCommitWithTheDecisionOnlyInItsOwnDatabase() {
        Api.Response r = api.transfer("alice", "bob", 40);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(p2.balance("bob")).isEqualTo(40);
        assertThat(bank.store().requests()).noneMatch(q -> q.path().startsWith("/api/config/tx/"));
        assertThat(p1.branch(txId).body.path("mode").asString()).isEqualTo("local");
        assertThat(p1.branch(txId).body.path("coordinatorUrl").asString()).isEqualTo(bank.coordinator().url());
        assertThat(api.get("/api/transactions/" + txId).text("mode")).isEqualTo("local");
    }

    @Test
    void shouldForceTheNewTransactionAndThenItsDecisionToDiskBeforeAnswering() {
        assertThat(bank.syncsBeforeCommitted(() -> api.transfer("alice", "bob", 1)))
                .as("one sync for the new transaction, one for its decision").isEqualTo(2);
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
            hold(resume);
        };
        bank.coordinator().crashPoints().arm("coordinator.after-votes", 1);
        CompletableFuture<Api.Response> transfer = CompletableFuture.supplyAsync(() -> api.transfer("alice", "bob", 5));
        assertThat(paused.await(10, TimeUnit.SECONDS)).as("the request is paused after the votes").isTrue();
        String txId = p1.prepared().get(0);
        assertThat(p1.state(txId)).isEqualTo("PREPARED");

        assertThat(inquire(txId)).as("within the vote timeout the request may still decide").isEqualTo("PENDING");
        await("the transaction to be older than the vote timeout").atMost(WAIT)
                .until(() -> "ABORT".equals(inquire(txId)));
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

    /**
     * Issue 8, defect 1: the decision row was committed but not yet forced when a participant asked, was told
     * COMMIT and committed; then the coordinator crashed before the force, and after its restart the transaction
     * was PREPARING, recovery decided ABORT and the other branch aborted. Built here: the request pauses between
     * the commit of its decision and the force; the participant asks; the disk is then copied as a SIGKILL would
     * leave it (H2 had not written the decision yet) and a second coordinator starts from that copy.
     */
    @Test
    void shouldNeverTellADecisionThatACrashCouldStillTakeBack(@TempDir Path crashed) throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        TestCrashPoints.halter = point -> {
            paused.countDown();
            hold(resume);
        };
        bank.coordinator().crashPoints().arm("coordinator.decision-unforced", 1);
        CompletableFuture<Api.Response> transfer = CompletableFuture.supplyAsync(() -> api.transfer("alice", "bob", 5));
        try {
            assertThat(paused.await(10, TimeUnit.SECONDS)).as("the decision is committed, not yet forced").isTrue();
            String txId = p1.prepared().get(0);

            String told = inquire(txId);
            CrashCopies.copyDatabase(bank.dataDir(), crashed); // the coordinator dies here, before its own force
            CrashCopies.copyLog(bank.dataDir(), crashed);

            assertThat(told).isEqualTo("COMMIT");
            try (Coordinator restarted = Coordinator.start(crashed, bank.cluster(), "platform.bank.mode=local",
                    "platform.instance-id=coordinator-restarted")) {
                await("the restarted coordinator to recover " + txId).atMost(WAIT).until(
                        () -> restarted.api().get("/api/transactions/" + txId).text("completedAt") != null);
                assertThat(restarted.api().get("/api/transactions/" + txId).text("status"))
                        .as("after the crash the transaction must end as the participant was told").isEqualTo("COMMITTED");
            }
        } finally {
            resume.countDown();
            transfer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldAnswerUnknownRatherThanPresumeAbortWhenTheHistoryMayHaveLetTheTransactionGo() {
        String unknown = UUID.randomUUID().toString();
        String longAgo = Instant.now().minus(Duration.ofDays(1)).toString();

        Api.Response paxosBranch = api.internalGet("/internal/bank/decisions/" + unknown + "?mode=paxos");
        Api.Response oldLocalBranch = api.internalGet("/internal/bank/decisions/" + unknown + "?mode=local&preparedAt="
                + longAgo);

        assertThat(paxosBranch.text("outcome")).as("%s", paxosBranch).isEqualTo("UNKNOWN");
        assertThat(oldLocalBranch.text("outcome")).as("%s", oldLocalBranch).isEqualTo("UNKNOWN");
        assertThat(api.get("/api/transactions/" + unknown).status()).as("no tombstone: nothing was presumed")
                .isIn(404, 503);
        assertThat(api.internalGet("/internal/bank/decisions/" + unknown + "?mode=local&preparedAt="
                + Instant.now()).text("outcome")).as("a fresh unknown local transaction is presumed aborted")
                .isEqualTo("ABORT");
        assertThat(api.internalGet("/internal/bank/decisions/" + unknown + "?mode=other").status()).isEqualTo(400);
        assertThat(api.internalGet("/internal/bank/decisions/" + unknown + "?preparedAt=yesterday").status())
                .isEqualTo(400);
    }

    /** Copies the coordinator's H2 files as they are in the OS now: what a SIGKILL would leave behind. */

    private String inquire(String txId) {
        Api.Response r = api.internalGet("/internal/bank/decisions/" + txId);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.text("outcome");
    }

    private void awaitCompleted(String txId) {
        await("transaction " + txId + " to complete").atMost(WAIT)
                .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
