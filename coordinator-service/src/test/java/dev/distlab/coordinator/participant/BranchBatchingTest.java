package dev.distlab.coordinator.participant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.participant.ParticipantClient.Batching;
import dev.distlab.coordinator.participant.ParticipantClient.Failure;
import dev.distlab.coordinator.participant.ParticipantClient.PrepareBody;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import dev.distlab.coordinator.participant.Participants.Participant;
import dev.distlab.coordinator.support.RecordedSpans;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The branch operations of concurrent transactions go to a participant together: what waits while a call is under
 * way goes in the next call, and each operation gets its own answer out of it.
 */
class BranchBatchingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request as the fake participant received it: its path and, for a batch, its items' "txId/action". */
    private record Received(String path, List<String> items) {
    }

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    /** Holds the first request (of each {@link #held} call) until counted down, so the next operations wait. */
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile CountDownLatch firstArrived = new CountDownLatch(1);
    private volatile boolean holdFirst;
    private volatile int batchStatus = 200;
    private volatile boolean garbleBatch;
    private HttpServer server;
    private Participant participant;

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void shouldSendALoneOperationToItsSingleEndpoint() throws IOException {
        ParticipantClient client = start(new Batching(256, 1, sizes::add));

        Reply vote = client.prepare(participant, "tx-1", body(), Duration.ofSeconds(5)).join();

        assertThat(vote.is(200)).isTrue();
        assertThat(vote.text("txId")).isEqualTo("tx-1");
        assertThat(received).containsExactly(new Received("/internal/bank/transactions/tx-1/prepare", List.of()));
        assertThat(sizes).containsExactly(1);
    }

    @Test
    void shouldSendWhatWaitedWhileACallWasUnderWayInOneBatchAndAnswerEachOperationWithItsOwnResult() throws Exception {
        ParticipantClient client = start(new Batching(256, 1, sizes::add));
        CompletableFuture<Reply> first = held(() -> client.finish(participant, "tx-0", "commit",
                Duration.ofSeconds(5)));

        List<CompletableFuture<Reply>> waited = new ArrayList<>();
        waited.add(client.finish(participant, "tx-2", "commit", Duration.ofSeconds(5)));
        waited.add(client.finish(participant, "missing", "commit", Duration.ofSeconds(5)));
        waited.add(client.finish(participant, "tx-3", "abort", Duration.ofSeconds(5)));
        assertThat(client.waiting("participant-1")).isEqualTo(3);
        Reply vote = client.prepare(participant, "tx-1", body(), Duration.ofSeconds(5)).join();
        assertThat(vote.text("vote")).as("a prepare does not wait behind phase 2").isEqualTo("YES");
        release.countDown();

        assertThat(first.join().text("txId")).isEqualTo("tx-0");
        List<Reply> replies = waited.stream().map(CompletableFuture::join).toList();
        assertThat(replies.get(0).text("state")).isEqualTo("COMMITTED");
        assertThat(replies.get(0).text("txId")).isEqualTo("tx-2");
        assertThat(replies.get(1).is(404)).as("its own answer, not the batch's 200").isTrue();
        assertThat(replies.get(2).text("state")).isEqualTo("ABORTED");
        assertThat(replies.get(2).text("txId")).isEqualTo("tx-3");
        assertThat(received).containsExactly(
                new Received("/internal/bank/transactions/tx-0/commit", List.of()),
                new Received("/internal/bank/transactions/tx-1/prepare", List.of()),
                new Received("/internal/bank/batch", List.of("tx-2/commit", "missing/commit", "tx-3/abort")));
        assertThat(sizes).containsExactly(1, 1, 3);
    }

    @Test
    void shouldNotSendAnOperationThatTimedOutWhileItWaited() throws Exception {
        ParticipantClient client = start(new Batching(256, 1, sizes::add));
        CompletableFuture<Reply> first = heldPrepare(client);

        Reply late = client.prepare(participant, "tx-1", body(), Duration.ofMillis(100)).join();
        assertThat(late.failure()).isEqualTo(Failure.TIMEOUT);
        release.countDown();
        first.join();
        Reply after = client.prepare(participant, "tx-2", body(), Duration.ofSeconds(5)).join();

        assertThat(after.is(200)).isTrue();
        assertThat(received).extracting(Received::path).containsExactly(
                "/internal/bank/transactions/tx-0/prepare", "/internal/bank/transactions/tx-2/prepare");
    }

    @Test
    void shouldSendOneByOneToAParticipantWithoutABatchEndpoint() throws Exception {
        batchStatus = 404;
        ParticipantClient client = start(new Batching(256, 1, sizes::add));
        List<Reply> replies = replies(waitedBehindAHeldCall(client, "tx-1", "tx-2"));

        assertThat(replies).allSatisfy(r -> assertThat(r.text("vote")).isEqualTo("YES"));
        assertThat(replies).extracting(r -> r.text("txId")).containsExactly("tx-1", "tx-2");
        assertThat(received).extracting(Received::path).containsExactlyInAnyOrder(
                "/internal/bank/transactions/tx-0/prepare", "/internal/bank/batch",
                "/internal/bank/transactions/tx-1/prepare", "/internal/bank/transactions/tx-2/prepare");
        assertThat(received.get(1).path()).as("the batch first, then each operation on its own")
                .isEqualTo("/internal/bank/batch");
    }

    @Test
    void shouldTryABatchAgainOnceAParticipantWithoutOneMayHaveBeenUpgraded() throws Exception {
        batchStatus = 404;
        AtomicLong nanoTime = new AtomicLong(); // the one-by-one period's clock, moved by hand: no sleeps
        ParticipantClient client = start(new Batching(256, 1, sizes::add, Duration.ofMillis(1500),
                (url, path) -> false), ObservationRegistry.NOOP, nanoTime::get);
        replies(waitedBehindAHeldCall(client, "tx-1", "tx-2")); // the batch is refused at 0 ms

        nanoTime.set(Duration.ofMillis(1499).toNanos());
        replies(waitedBehindAHeldCall(client, held(() -> client.prepare(participant, "tx-10", body(),
                Duration.ofSeconds(5))), "tx-11", "tx-12"));
        assertThat(received).as("within the one-by-one period, no batch")
                .filteredOn(r -> r.path().equals(ParticipantClient.BATCH_PATH)).hasSize(1);

        batchStatus = 200; // upgraded
        nanoTime.set(Duration.ofMillis(1500).toNanos());
        List<Reply> replies = replies(waitedBehindAHeldCall(client, held(() -> client.prepare(participant, "tx-20",
                body(), Duration.ofSeconds(5))), "tx-21", "tx-22"));

        assertThat(replies).extracting(r -> r.text("txId")).containsExactly("tx-21", "tx-22");
        assertThat(received).filteredOn(r -> r.path().equals(ParticipantClient.BATCH_PATH))
                .extracting(Received::items).containsExactly(List.of("tx-1/prepare", "tx-2/prepare"),
                        List.of("tx-21/prepare", "tx-22/prepare"));
    }

    @Test
    void shouldSendAnOperationWhoseEndpointAFaultNamesOnItsOwnAndTheRestInABatch() throws Exception {
        ParticipantClient client = start(new Batching(256, 1, sizes::add, Duration.ofMinutes(1),
                (url, path) -> path.get().equals("/internal/bank/transactions/tx-2/prepare")));

        List<Reply> replies = replies(waitedBehindAHeldCall(client, "tx-1", "tx-2", "tx-3"));

        assertThat(replies).extracting(r -> r.text("txId")).containsExactly("tx-1", "tx-2", "tx-3");
        assertThat(received).containsExactlyInAnyOrder(
                new Received("/internal/bank/transactions/tx-0/prepare", List.of()),
                new Received("/internal/bank/transactions/tx-2/prepare", List.of()),
                new Received("/internal/bank/batch", List.of("tx-1/prepare", "tx-3/prepare")));
    }

    @Test
    void shouldGiveEveryOperationTheFailureOfABatchCallThatFailed() throws Exception {
        batchStatus = 500;
        ParticipantClient client = start(new Batching(256, 1, sizes::add));

        List<Reply> replies = replies(waitedBehindAHeldCall(client, "tx-1", "tx-2"));

        assertThat(replies).allSatisfy(r -> assertThat(r.is(500)).isTrue());
    }

    @Test
    void shouldTreatABatchAnswerThatDoesNotMatchItsItemsAsNoAnswer() throws Exception {
        garbleBatch = true;
        ParticipantClient client = start(new Batching(256, 1, sizes::add));

        List<Reply> replies = replies(waitedBehindAHeldCall(client, "tx-1", "tx-2"));

        assertThat(replies).allSatisfy(r -> assertThat(r.failure()).isEqualTo(Failure.UNREACHABLE));
    }

    @Test
    void shouldCarryAtMostTheBatchSizeInOneCall() throws Exception {
        ParticipantClient client = start(new Batching(2, 1, sizes::add));

        replies(waitedBehindAHeldCall(client, "tx-1", "tx-2", "tx-3"));

        assertThat(sizes).containsExactly(1, 2, 1);
    }

    @Test
    void shouldNotQueueAtAllWithoutBatching() throws Exception {
        ParticipantClient client = start(new Batching(1, 1, sizes::add));
        CompletableFuture<Reply> first = heldPrepare(client);

        Reply second = client.prepare(participant, "tx-1", body(), Duration.ofSeconds(5)).join();

        assertThat(second.text("txId")).as("answered while the first call is still held").isEqualTo("tx-1");
        assertThat(first).isNotDone();
    }

    /** A prepare of tx-0 that the participant holds until {@link #release} is counted down. */
    private CompletableFuture<Reply> heldPrepare(ParticipantClient client) throws InterruptedException {
        return held(() -> client.prepare(participant, "tx-0", body(), Duration.ofSeconds(5)));
    }

    @Test
    void shouldGiveEveryOperationOfABatchButTheFirstASpanInItsOwnTrace() throws Exception {
        RecordedSpans spans = new RecordedSpans();
        ObservationRegistry observations = spans.registry();
        ParticipantClient client = start(new Batching(256, 1, sizes::add), observations);
        CompletableFuture<Reply> first = heldPrepare(client);
        List<CompletableFuture<Reply>> waited = new ArrayList<>();
        for (String txId : List.of("tx-1", "tx-2", "tx-3")) {
            Observation request = Observation.start("request " + txId, observations); // the transfer's trace
            try (Observation.Scope scope = request.openScope()) {
                waited.add(client.prepare(participant, txId, body(), Duration.ofSeconds(5)));
            }
        }
        release.countDown();
        first.join();
        replies(waited);

        assertThat(received).extracting(Received::items).contains(List.of("tx-1/prepare", "tx-2/prepare",
                "tx-3/prepare"));
        // tx-1's trace holds the batch call itself
        assertThat(spans.stopped("bank.branch.batched"))
                .extracting(c -> c.getParentObservation().getContextView().getName() + " "
                        + c.getLowCardinalityKeyValue("action").getValue() + " "
                        + c.getHighCardinalityKeyValue("batch.size").getValue())
                .containsExactlyInAnyOrder("request tx-2 prepare 3", "request tx-3 prepare 3");
    }

    /** The operation {@code call} asks for, held at the participant until {@link #release} is counted down. */
    private CompletableFuture<Reply> held(Supplier<CompletableFuture<Reply>> call) throws InterruptedException {
        release = new CountDownLatch(1);
        firstArrived = new CountDownLatch(1);
        holdFirst = true;
        CompletableFuture<Reply> first = call.get();
        assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    /** Holds a first prepare (tx-0) at the participant, asks for prepares of {@code txIds} meanwhile, then lets go. */
    private List<CompletableFuture<Reply>> waitedBehindAHeldCall(ParticipantClient client, String... txIds)
            throws InterruptedException {
        return waitedBehindAHeldCall(client, heldPrepare(client), txIds);
    }

    private List<CompletableFuture<Reply>> waitedBehindAHeldCall(ParticipantClient client,
            CompletableFuture<Reply> first, String... txIds) {
        List<CompletableFuture<Reply>> waited = new ArrayList<>();
        for (String txId : txIds) {
            waited.add(client.prepare(participant, txId, body(), Duration.ofSeconds(5)));
        }
        release.countDown();
        first.join();
        return waited;
    }

    private static List<Reply> replies(List<CompletableFuture<Reply>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static PrepareBody body() {
        return new PrepareBody("coordinator-1", "http://127.0.0.1:1", "paxos", List.of("participant-1"),
                List.of(new Operation("a", 1)), "2030-01-01T00:00:00Z");
    }

    private ParticipantClient start(Batching batching) throws IOException {
        return start(batching, ObservationRegistry.NOOP);
    }

    private ParticipantClient start(Batching batching, ObservationRegistry observations) throws IOException {
        return start(batching, observations, System::nanoTime);
    }

    private ParticipantClient start(Batching batching, ObservationRegistry observations, LongSupplier nanoTime)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        participant = Participants.parse(List.of("participant-1=http://127.0.0.1:" + server.getAddress().getPort()))
                .find("participant-1").orElseThrow();
        return new ParticipantClient("token", executor, new OutgoingFaults(new FaultRegistry(new CrashPoints(p -> { }),
                new SimpleMeterRegistry())), RestClient.builder(), batching, observations, nanoTime);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? null : JSON.readTree(bytes);
            }
            if (path.equals(ParticipantClient.BATCH_PATH)) {
                List<String> items = new ArrayList<>();
                body.get("items").forEach(i -> items.add(i.get("txId").asString() + "/" + i.get("action").asString()));
                received.add(new Received(path, items));
                if (batchStatus != 200) {
                    send(exchange, batchStatus, JSON.createObjectNode().put("status", batchStatus));
                    return;
                }
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode results = answer.putArray("results");
                for (JsonNode item : body.get("items")) {
                    String txId = item.get("txId").asString();
                    String action = item.get("action").asString();
                    Single single = single(txId, action);
                    results.addObject().put("txId", garbleBatch ? "other" : txId).put("action", action)
                            .put("status", single.status()).set("body", single.body());
                }
                send(exchange, 200, answer);
                return;
            }
            received.add(new Received(path, List.of()));
            if (holdFirst && firstArrived.getCount() == 1) {
                firstArrived.countDown();
                await(release);
            }
            String[] parts = path.split("/"); // "", internal, bank, transactions, txId, action
            Single single = single(parts[4], parts[5]);
            send(exchange, single.status(), single.body());
        }
    }

    private record Single(int status, ObjectNode body) {
    }

    /** What this fake's single endpoint answers: 404 for a commit of "missing", else the vote or the outcome. */
    private static Single single(String txId, String action) {
        if (action.equals("commit") && txId.equals("missing")) {
            return new Single(404, JSON.createObjectNode().put("status", 404).put("detail", "never prepared"));
        }
        ObjectNode body = JSON.createObjectNode().put("txId", txId);
        return switch (action) {
            case "prepare" -> new Single(200, body.put("vote", "YES").put("state", "PREPARED"));
            case "commit" -> new Single(200, body.put("state", "COMMITTED"));
            default -> new Single(200, body.put("state", "ABORTED"));
        };
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
