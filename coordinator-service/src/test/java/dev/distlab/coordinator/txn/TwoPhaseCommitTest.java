package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeParticipant;

/** The 2PC engine in paxos mode against fake participants and a fake config store. */
class TwoPhaseCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2);

    final Api api = bank.api();
    final FakeParticipant alices = bank.participant(1);
    final FakeParticipant bobs = bank.participant(2);
    final FakeConfigStore store = bank.store();

    @BeforeEach
    void accounts() {
        bank.cluster().account("alice", 100, 1);
        bank.cluster().account("bob", 5, 2);
    }

    @Test
    void shouldCommitOnEveryBranchAndKeepTheDecisionForItsRetention() {
        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        assertThat(r.text("status")).isEqualTo("COMMITTED");
        assertThat(r.header("Location")).isEqualTo("/api/transactions/" + txId);
        awaitCompleted(txId);
        assertThat(alices.state(txId)).isEqualTo("COMMITTED");
        assertThat(bobs.state(txId)).isEqualTo("COMMITTED");
        assertThat(alices.balance("alice")).isEqualTo(70);
        assertThat(bobs.balance("bob")).isEqualTo(35);
        String key = "tx/" + txId + "/decision";
        assertThat(store.requests()).anySatisfy(q -> {
            assertThat(q.method()).isEqualTo("PUT");
            assertThat(q.path()).isEqualTo("/api/config/" + key);
            assertThat(q.headers()).containsEntry("if-none-match", "*");
            assertThat(q.body()).contains("\"COMMIT\"");
        });
        // issue 8, defect 3: deleted at completion, a later create-only ABORT (a retry that read its idempotency
        // record as PENDING, a participant restored from an old disk) won silently against a committed transaction
        assertThat(store.value(key)).as("the decision is kept after completion, for decision-retention")
                .isEqualTo("COMMIT");
        try (ConfigClient client = ConfigClient.builder().replica(store.url()).token(Coordinator.TOKEN).build()) {
            assertThatThrownBy(() -> client.putIfAbsent(key, "ABORT")).as("a late create-only ABORT loses")
                    .isInstanceOf(PreconditionFailedException.class);
        }

        Api.Response tx = api.get("/api/transactions/" + txId);
        assertThat(tx.text("status")).isEqualTo("COMMITTED");
        assertThat(tx.body().path("branches")).hasSize(2).allSatisfy(b -> {
            assertThat(b.path("vote").asString()).isEqualTo("YES");
            assertThat(b.path("state").asString()).isEqualTo("COMMITTED");
        });
        assertThat(tx.text("createdAt")).isNotNull();
        assertThat(tx.text("decidedAt")).isNotNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "INSUFFICIENT_FUNDS, 422", "BALANCE_LIMIT, 422", "CONFLICT, 409", "UNKNOWN_ACCOUNT, 404" })
    void shouldAbortEveryBranchWhenOneVotesNo(String reason, int status) {
        bobs.voteNo(reason);

        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body().path("status").asInt()).isEqualTo(status);
        assertThat(r.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(r.text("reason")).isEqualTo(reason);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(alices.state(txId)).as("the YES branch is aborted").isEqualTo("ABORTED");
        assertThat(bobs.count("POST", txId + "/abort")).as("the NO branch gets an abort too").isEqualTo(1);
        assertThat(alices.locks()).isEmpty();
        assertThat(alices.balance("alice")).isEqualTo(100);
        Api.Response tx = api.get("/api/transactions/" + txId);
        assertThat(tx.text("status")).isEqualTo("ABORTED");
        assertThat(tx.text("reason")).isEqualTo(reason);
    }

    @Test
    void shouldAbortWithTimeoutWhenAVoteDoesNotArriveInTime() {
        bobs.delayPrepares(Duration.ofMillis(1500));

        long start = System.nanoTime();
        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1450));
        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(r.text("reason")).isEqualTo("TIMEOUT");
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        await("the late branch to end aborted").atMost(WAIT).until(() -> "ABORTED".equals(bobs.state(txId)));
        assertThat(alices.state(txId)).isEqualTo("ABORTED");
        assertThat(bobs.locks()).isEmpty();
    }

    @Test
    void shouldAnswerParticipantUnavailableAndAbortOnceItIsBack() {
        bobs.down();
        String txId;
        try {
            Api.Response r = api.transfer("alice", "bob", 30);

            assertThat(r.status()).as("%s", r).isEqualTo(503);
            assertThat(r.text("transactionStatus")).isEqualTo("ABORTED");
            assertThat(r.text("reason")).isEqualTo("PARTICIPANT_UNAVAILABLE");
            txId = r.text("transactionId");
            await("alice's branch to abort").atMost(WAIT).until(() -> "ABORTED".equals(alices.state(txId)));
            sleep(300);
            Api.Response tx = api.get("/api/transactions/" + txId);
            assertThat(tx.text("completedAt")).as("not completed while a branch has not acknowledged").isNull();
            // an operator looking at a transaction stuck on one branch sees which others are done
            assertThat(tx.body().path("branches")).extracting(b -> b.path("participant").asString() + " "
                    + b.path("state").asString()).contains("participant-1 ABORTED");
        } finally {
            bobs.up();
        }
        awaitCompleted(txId);
        assertThat(bobs.state(txId)).as("a tombstone, so a late prepare votes NO").isEqualTo("ABORTED");
    }

    @Test
    void shouldFollowAnAbortWrittenFirstBySomeoneElse() {
        bobs.onPrepare(txId -> store.put("tx/" + txId + "/decision", "ABORT"));

        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.text("transactionStatus")).isEqualTo("ABORTED");
        assertThat(r.text("reason")).isEqualTo("TIMEOUT");
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(alices.state(txId)).isEqualTo("ABORTED");
        assertThat(bobs.state(txId)).isEqualTo("ABORTED");
        assertThat(alices.balance("alice")).isEqualTo(100);
        assertThat(bobs.balance("bob")).isEqualTo(5);
    }

    @Test
    void shouldRetryPhaseTwoUntilTheParticipantAcknowledges() {
        bobs.failPhaseTwo(6);

        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(r.status()).as("the client is answered once the decision is durable").isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(bobs.state(txId)).isEqualTo("COMMITTED");
        assertThat(bobs.count("POST", txId + "/commit")).isEqualTo(7);
        assertThat(alices.count("POST", txId + "/commit")).isEqualTo(1);
        assertThat(bobs.balance("bob")).isEqualTo(35);
    }

    @Test
    void shouldLetATransferWaitForAnAccountWhosePhaseTwoIsUnderWayInsteadOfRefusingIt() {
        bank.cluster().account("carol", 50, 1);
        bobs.failPhaseTwo(3); // bob's lock stays at participant-2 while the first commit is retried, about 0.7 s

        Api.Response first = api.transfer("alice", "bob", 30);
        Api.Response second = api.transfer("carol", "bob", 20);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(second.status()).as("bob was busy, not gone: %s", second).isEqualTo(201);
        String firstId = first.text("transactionId");
        String secondId = second.text("transactionId");
        List<String> atBob = bobs.requests().stream().map(FakeParticipant.Request::path).toList();
        assertThat(atBob.indexOf("/internal/bank/transactions/" + secondId + "/prepare"))
                .as("the second prepared at bob after the first's commit, not before: %s", atBob)
                .isGreaterThan(atBob.lastIndexOf("/internal/bank/transactions/" + firstId + "/commit"));
        awaitCompleted(secondId);
        assertThat(bobs.balance("bob")).isEqualTo(55);
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("bank_busy_account_wait_seconds_count{turns=\"all\"}");
    }

    @Test
    void shouldHandAnAccountOnOnceItsOwnParticipantHasAnsweredPhaseTwoNotOnceEveryParticipantHas() {
        bank.cluster().account("dave", 0, 2);
        bobs.failPhaseTwo(5); // the first transfer's commit at participant-2 is retried for about 0.5 s
        AtomicReference<String> firstId = new AtomicReference<>();
        Map<String, String> firstAtBobWhenPrepared = new ConcurrentHashMap<>();
        alices.onPrepare(txId -> {
            String first = firstId.get();
            if (first != null && !txId.equals(first)) {
                firstAtBobWhenPrepared.put(txId, String.valueOf(bobs.state(first)));
            }
        });

        Api.Response first = api.transfer("alice", "bob", 30);
        firstId.set(first.text("transactionId"));
        Api.Response second = api.transfer("alice", "dave", 20);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(second.status()).as("%s", second).isEqualTo(201);
        String secondId = second.text("transactionId");
        assertThat(firstAtBobWhenPrepared.get(secondId))
                .as("alice's turn passed on when participant-1 had committed the first transfer, while participant-2 "
                        + "still retried it")
                .isEqualTo("PREPARED");
        awaitCompleted(firstId.get());
        awaitCompleted(secondId);
        assertThat(alices.balance("alice")).isEqualTo(50);
        assertThat(bobs.balance("bob")).isEqualTo(35);
        assertThat(bobs.balance("dave")).isEqualTo(20);
    }

    @Test
    void shouldAnswerUnknownWhenTheStoreCannotTakeTheDecisionAndAbortInRecovery() {
        bobs.onPrepare(txId -> store.available(false));

        Api.Response r = api.transfer("alice", "bob", 30);

        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.text("transactionStatus")).isEqualTo("UNKNOWN");
        String txId = r.text("transactionId");
        assertThat(api.get("/api/transactions/" + txId).text("status")).isEqualTo("PREPARING");
        assertThat(alices.state(txId)).as("in doubt until decided").isEqualTo("PREPARED");

        store.available(true);
        bank.coordinator().bean(Recovery.class).round();

        awaitCompleted(txId);
        assertThat(api.get("/api/transactions/" + txId).text("status")).isEqualTo("ABORTED");
        assertThat(alices.state(txId)).isEqualTo("ABORTED");
        assertThat(bobs.state(txId)).isEqualTo("ABORTED");
        assertThat(store.value("tx/" + txId + "/decision")).isEqualTo("ABORT");
    }

    @Test
    void shouldRunATransactionOverThreeAccountsAndListItNewestFirst() {
        bank.cluster().account("carol", 0, 1);
        Api.Response r = api.post("/api/transactions", "{\"operations\":[{\"account\":\"alice\",\"delta\":-10},"
                + "{\"account\":\"bob\",\"delta\":4},{\"account\":\"carol\",\"delta\":6}]}");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(alices.branch(txId).deltas).containsEntry("alice", -10L).containsEntry("carol", 6L);
        assertThat(alices.branch(txId).body.path("participants").toString())
                .isEqualTo("[\"participant-1\",\"participant-2\"]");
        assertThat(alices.balance("carol")).isEqualTo(6);

        Api.Response list = api.get("/api/transactions?status=COMMITTED&limit=1");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("transactions")).hasSize(1);
        assertThat(list.body().path("transactions").get(0).path("id").asString()).isEqualTo(txId);
        assertThat(api.get("/api/transactions?status=ABORTED&limit=1000").body().path("transactions"))
                .allSatisfy(t -> assertThat(t.path("status").asString()).isEqualTo("ABORTED"));
    }

    @Test
    void shouldAnswer404ForATransactionNoCoordinatorKnows() {
        Api.Response r = api.get("/api/transactions/00000000-0000-4000-8000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void shouldForceOnlyTheNewTransactionBeforeAnsweringSinceTheStoreHoldsTheDecision() {
        assertThat(bank.syncsBeforeCommitted(() -> api.transfer("alice", "bob", 1))).isEqualTo(1);
    }

    @Test
    void shouldCountOutcomesAndTimePhasesInPrometheus() {
        api.transfer("alice", "bob", 1);
        bobs.voteNo("INSUFFICIENT_FUNDS");
        api.transfer("alice", "bob", 1);

        String metrics = api.get("/actuator/prometheus").raw().body();

        assertThat(metrics).contains("bank_transactions_total{outcome=\"COMMITTED\",reason=\"none\"}")
                .contains("bank_transactions_total{outcome=\"ABORTED\",reason=\"INSUFFICIENT_FUNDS\"}")
                .contains("bank_phase_seconds_bucket{phase=\"prepare\"")
                .contains("bank_phase_seconds_bucket{phase=\"decide\"")
                .contains("bank_transactions_inflight").contains("bank_force_syncs_total");
    }

    @Test
    void shouldBatchTheBranchesOfConcurrentTransfersAndCommitEachOfThem() throws Exception {
        int transfers = 8;
        for (int i = 0; i < transfers; i++) {
            bank.cluster().account("a" + i, 10, 1);
            bank.cluster().account("b" + i, 10, 2);
        }
        // slow prepares keep both calls a participant may have in flight busy, so that the others wait and go together
        alices.delayPrepares(Duration.ofMillis(100));
        bobs.delayPrepares(Duration.ofMillis(100));
        ExecutorService clients = Executors.newFixedThreadPool(transfers);
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                int n = i;
                sent.add(clients.submit(() -> api.transfer("a" + n, "b" + n, 3)));
            }
            for (Future<Api.Response> f : sent) {
                Api.Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as("%s", r).isEqualTo(201);
                awaitCompleted(r.text("transactionId"));
            }
        } finally {
            clients.shutdownNow();
        }

        for (int i = 0; i < transfers; i++) {
            assertThat(alices.balance("a" + i)).isEqualTo(7);
            assertThat(bobs.balance("b" + i)).isEqualTo(13);
        }
        assertThat(alices.batches()).as("prepares and commits that waited went together").isNotEmpty()
                .allSatisfy(size -> assertThat(size).isGreaterThan(1));
        assertThat(alices.count("POST", "/prepare")).isEqualTo(transfers);
        assertThat(alices.count("POST", "/commit")).isEqualTo(transfers);
    }

    private void awaitCompleted(String txId) {
        await("transaction " + txId + " to complete").atMost(WAIT)
                .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
