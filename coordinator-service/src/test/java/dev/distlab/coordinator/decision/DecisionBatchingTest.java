package dev.distlab.coordinator.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.configclient.fake.FakeConfigStore.Recorded;
import dev.distlab.coordinator.decision.DecisionLog.Decision;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.support.RecordedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decisions of concurrent transactions go to the config store together: what comes while a call is under way
 * goes in the next call, and each transaction still gets its own decision with the single write's meaning (first
 * write wins, a refused one reads the winner back, an unknown outcome reads what the store holds).
 */
class DecisionBatchingTest {

    private static final String TOKEN = "token";
    private static final JsonMapper JSON = JsonMapper.shared();
    /** Long enough for the test to queue decisions behind the first call, short of the client's timeout. */
    private static final long HOLD_MILLIS = 2000;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private final RecordedSpans spans = new RecordedSpans();
    private final ObservationRegistry observations = spans.registry();
    private FakeConfigStore store;
    private ConfigClient client;
    private DecisionWrites writes;
    private PaxosDecisionLog log;

    @BeforeEach
    void start() {
        store = FakeConfigStore.start(TOKEN);
        client = ConfigClient.builder().replica(store.url()).token(TOKEN).requestTimeout(Duration.ofSeconds(3))
                .build();
        batching(256, key -> false, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        client.close();
        store.close();
    }

    private void batching(int maxItems, Predicate<String> alone, Duration waitLimit) {
        writes = new DecisionWrites(client, new DecisionWrites.Batching(maxItems, 1, sizes::add,
                DecisionWrites.Batching.ONE_BY_ONE_FOR, alone), threads, waitLimit, observations);
        log = new PaxosDecisionLog(client, writes, Mockito.mock(TransactionHistory.class));
    }

    /** Decides on a thread of its own, in a trace of its own ("request t-1"), as a transfer's request would. */
    private CompletableFuture<Decision> decide(String txId, Outcome proposed) {
        return CompletableFuture.supplyAsync(() -> {
            Observation request = Observation.start("request " + txId, observations);
            try (Observation.Scope scope = request.openScope()) {
                return log.decide(txId, proposed, "NO_VOTE");
            } finally {
                request.stop();
            }
        }, threads);
    }

    /** Decides t-0 in a call the store answers only after {@link #HOLD_MILLIS}; then decides {@code txIds} meanwhile. */
    private List<CompletableFuture<Decision>> behindAHeldCall(String... txIds) {
        store.delayNext("PUT", HOLD_MILLIS);
        CompletableFuture<Decision> first = decide("t-0", Outcome.COMMIT);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.count("PUT") == 1);
        List<CompletableFuture<Decision>> decisions = decideAll(txIds);
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.waiting() == txIds.length);
        assertThat(first.join()).isEqualTo(new Decision(Outcome.COMMIT, null));
        return decisions;
    }

    /** The keys each batch call carried, one list per call. */
    private List<List<String>> batchedKeys() {
        List<List<String>> calls = new ArrayList<>();
        for (Recorded r : store.requests()) {
            if (r.method().equals("POST")) {
                List<String> keys = new ArrayList<>();
                JSON.readTree(r.body()).path("items").forEach(item -> keys.add(item.path("key").asString()));
                calls.add(keys);
            }
        }
        return calls;
    }

    private List<CompletableFuture<Decision>> decideAll(String... txIds) {
        List<CompletableFuture<Decision>> decisions = new ArrayList<>();
        for (String txId : txIds) {
            decisions.add(decide(txId, Outcome.COMMIT));
        }
        return decisions;
    }

    @Test
    void concurrentDecisionsGoInFewerCallsThanTransactionsAndEachGetsItsOwn() {
        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2", "t-3", "t-4", "t-5");

        assertThat(decisions).allSatisfy(d -> assertThat(d.join()).isEqualTo(new Decision(Outcome.COMMIT, null)));
        assertThat(store.count("PUT")).as("only the first, alone").isEqualTo(1);
        assertThat(store.count("POST")).as("everything that waited, in one call").isEqualTo(1);
        assertThat(sizes).containsExactly(1, 5);
        assertThat(batchedKeys()).hasSize(1);
        assertThat(batchedKeys().get(0)).containsExactlyInAnyOrder("tx/t-1/decision", "tx/t-2/decision",
                "tx/t-3/decision", "tx/t-4/decision", "tx/t-5/decision");
        for (int i = 0; i <= 5; i++) {
            assertThat(store.value("tx/t-" + i + "/decision")).isEqualTo("COMMIT");
        }
    }

    @Test
    void everyDecisionButTheFirstOfABatchGetsASpanInItsOwnTrace() {
        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2", "t-3");
        decisions.forEach(CompletableFuture::join);

        assertThat(spans.stopped("bank.decision.batched")).hasSize(2)
                .allSatisfy(c -> {
                    String request = c.getParentObservation().getContextView().getName();
                    assertThat(request).isIn("request t-1", "request t-2", "request t-3");
                    assertThat(c.getHighCardinalityKeyValue("config.key").getValue())
                            .isEqualTo("tx/" + request.substring("request ".length()) + "/decision");
                    assertThat(c.getHighCardinalityKeyValue("batch.size").getValue()).isEqualTo("3");
                });
    }

    @Test
    void aDecisionSomeoneElseWroteFirstIsReadBackAndWins() {
        store.put("tx/t-2/decision", "ABORT"); // an in-doubt participant's ABORT, before the coordinator's COMMIT

        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2", "t-3");

        assertThat(decisions.get(0).join()).isEqualTo(new Decision(Outcome.COMMIT, null));
        assertThat(decisions.get(1).join()).as("the winner, read back").isEqualTo(new Decision(Outcome.ABORT,
                "TIMEOUT"));
        assertThat(decisions.get(2).join()).isEqualTo(new Decision(Outcome.COMMIT, null));
        assertThat(store.count("POST")).isEqualTo(1);
        assertThat(store.requests()).anySatisfy(r -> assertThat(r.method() + " " + r.path())
                .isEqualTo("GET /api/config/tx/t-2/decision"));
        assertThat(store.value("tx/t-2/decision")).isEqualTo("ABORT");
    }

    @Test
    void aFailedCallFailsOnlyItsDecisionsWithAnUnknownOutcome() {
        store.failNext("POST", 503, 1);

        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2");

        for (CompletableFuture<Decision> decision : decisions) {
            assertThatThrownBy(decision::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(DecisionUnknownException.class)
                    .hasMessageContaining("unknown outcome").hasCauseInstanceOf(OutcomeUnknownException.class);
        }
        assertThat(store.value("tx/t-0/decision")).as("the decision of another call stands").isEqualTo("COMMIT");
        assertThat(decide("t-3", Outcome.ABORT).join()).as("the next call goes on")
                .isEqualTo(new Decision(Outcome.ABORT, "NO_VOTE"));
    }

    @Test
    void aCallThatTimedOutLeavesEachDecisionToWhatTheStoreHolds() {
        store.delayNext("POST", 4000); // applied, then answered after the client's 3 s

        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2");

        assertThat(decisions).allSatisfy(d -> assertThat(d.join()).isEqualTo(new Decision(Outcome.COMMIT, null)));
        assertThat(store.count("GET")).as("each read back").isEqualTo(2);
    }

    @Test
    void aDecisionThatWaitedTooLongIsUnknownAndNeverSent() {
        batching(256, key -> false, Duration.ofMillis(300));
        store.delayNext("PUT", HOLD_MILLIS);
        CompletableFuture<Decision> first = decide("t-0", Outcome.COMMIT);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.count("PUT") == 1);

        assertThatThrownBy(() -> writes.putIfAbsent("tx/t-1/decision", "COMMIT"))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("300 ms");
        assertThat(first.join().outcome()).isEqualTo(Outcome.COMMIT);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> store.count("POST") == 0 && store.value("tx/t-1/decision") == null);
    }

    @Test
    void withBatchingOffEveryDecisionIsAPutOfItsOwn() {
        batching(1, key -> false, Duration.ofSeconds(30));

        List<CompletableFuture<Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decisions.add(decide("t-" + i, Outcome.COMMIT));
        }

        assertThat(decisions).allSatisfy(d -> assertThat(d.join().outcome()).isEqualTo(Outcome.COMMIT));
        assertThat(store.count("PUT")).isEqualTo(5);
        assertThat(store.count("POST")).isZero();
    }

    @Test
    void aStoreWithoutTheBatchEndpointGetsEachDecisionOnItsOwn() {
        store.failNext("POST", 404, 1); // an older participant

        List<CompletableFuture<Decision>> decisions = behindAHeldCall("t-1", "t-2");

        assertThat(decisions).allSatisfy(d -> assertThat(d.join().outcome()).isEqualTo(Outcome.COMMIT));
        assertThat(store.count("PUT")).as("the first, then each of the refused batch").isEqualTo(3);
        List<CompletableFuture<Decision>> later = decideAll("t-3", "t-4");
        assertThat(later).allSatisfy(d -> assertThat(d.join().outcome()).isEqualTo(Outcome.COMMIT));
        assertThat(store.count("PUT")).isEqualTo(5);
        assertThat(store.count("POST")).as("no batch again for a while").isEqualTo(1);
    }

    @Test
    void aDecisionWhoseSinglePutAFaultNamesGoesOnItsOwnAndTheRestTogether() {
        batching(256, key -> key.equals("tx/t-2/decision"), Duration.ofSeconds(30));
        store.delayNext("PUT", HOLD_MILLIS);
        CompletableFuture<Decision> first = decide("t-0", Outcome.COMMIT);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.count("PUT") == 1);

        List<CompletableFuture<Decision>> decisions = decideAll("t-1", "t-2", "t-3");

        assertThat(decisions.get(1).join().outcome()).as("not held behind the call under way")
                .isEqualTo(Outcome.COMMIT);
        assertThat(first).isNotDone();
        assertThat(decisions).allSatisfy(d -> assertThat(d.join().outcome()).isEqualTo(Outcome.COMMIT));
        assertThat(batchedKeys()).hasSize(1);
        assertThat(batchedKeys().get(0)).containsExactlyInAnyOrder("tx/t-1/decision", "tx/t-3/decision");
        assertThat(store.count("PUT")).isEqualTo(2);
    }
}
