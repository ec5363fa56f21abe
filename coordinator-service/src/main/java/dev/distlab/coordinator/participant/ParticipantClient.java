package dev.distlab.coordinator.participant;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.http.ServiceCalls;
import dev.distlab.coordinator.BatchQueue;
import dev.distlab.coordinator.BatchedSpans;
import dev.distlab.coordinator.OneByOneFallback;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.participant.Participants.Participant;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the participants' internal bank endpoints (BANK.md) with the cluster token, through Spring's
 * {@link RestClient} (each call a span of the caller's trace). Every call runs on a thread of the given executor, so
 * that calls to several participants go out in parallel, is bounded by a timeout and never completes exceptionally:
 * a failure is a {@link Reply} that says what went wrong.
 * <p>
 * The branch operations (prepare, commit, abort) of concurrent transactions are batched per participant (a
 * {@link BatchQueue} each): while calls to a participant are under way, the next ones wait and then go together to
 * {@code POST /internal/bank/batch}, which answers each as its single endpoint would. A lone operation goes to its
 * single endpoint. A batch call is a span of the trace of its first operation; every other operation in it gets a
 * span of its own trace, {@code bank.branch.batched}, from the call's start to its answer, so that each
 * transaction's trace shows its branch calls whether or not they were batched.
 */
public class ParticipantClient {

    private static final Logger log = LoggerFactory.getLogger(ParticipantClient.class);
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
    static final String BATCH_PATH = "/internal/bank/batch";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Branch operations that may wait for a call to one participant, per phase: far above what the request threads
     * that ask for them can pile up (each waits for its answer); one more is refused unsent, as unreachable.
     */
    private static final int WAITING_LIMIT = 10_000;

    /**
     * How branch operations are batched: at most {@code maxItems} in one call (1: no batching, every operation a
     * call of its own, as many at once as asked), at most {@code inFlight} calls to one participant at once;
     * {@code sizes} hears the size of every call sent. A participant that answered a batch with 404 (an older
     * version) gets its operations one by one for {@code oneByOneFor}, then a batch again (it may have been
     * upgraded meanwhile). An operation whose single endpoint {@code alone} names (participant URL, path: a fault
     * injected on that path) goes on its own, so that the fault acts on it as it would without batching; the path is
     * given lazily, since it need not be built while no fault is in force.
     */
    public record Batching(int maxItems, int inFlight, IntConsumer sizes, Duration oneByOneFor,
            BiPredicate<URI, Supplier<String>> alone) {

        /** The participant's limit of items in one batch. */
        public static final int MAX_ITEMS = 256;
        public static final Duration ONE_BY_ONE_FOR = Duration.ofMinutes(1);
        public static final Batching DEFAULT = new Batching(MAX_ITEMS, 2, n -> { });

        public Batching {
            if (maxItems < 1 || maxItems > MAX_ITEMS || inFlight < 1) {
                throw new IllegalArgumentException("a batch holds 1-" + MAX_ITEMS + " operations and at least one "
                        + "call to a participant may be in flight");
            }
        }

        public Batching(int maxItems, int inFlight, IntConsumer sizes) {
            this(maxItems, inFlight, sizes, ONE_BY_ONE_FOR, (url, path) -> false);
        }
    }

    /** Why a call got no HTTP answer. */
    public enum Failure {
        NONE, TIMEOUT, UNREACHABLE
    }

    /** What a participant answered: an HTTP status and body, or a failure ({@code status} 0). */
    public record Reply(int status, JsonNode body, Failure failure, String detail) {

        public boolean is(int code) {
            return failure == Failure.NONE && status == code;
        }

        public String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        /** A short description for logs: the status and the problem's detail, or the failure. */
        public String describe() {
            if (failure != Failure.NONE) {
                return (failure == Failure.TIMEOUT ? "no answer in time" : "unreachable") + " (" + detail + ")";
            }
            String problem = text("detail");
            return "HTTP " + status + (problem == null ? "" : ": " + problem);
        }
    }

    /**
     * A prepare body: this branch's operations, who coordinates it, and when the transaction was created (a
     * participant refuses a prepare too old for the branch rows it still keeps).
     */
    public record PrepareBody(String coordinator, String coordinatorUrl, String mode, List<String> participants,
            List<Operation> operations, String createdAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ServiceCalls http;
    private final String token;
    /** Runs each call (sent and answered on its thread), in the trace of the thread that made it. */
    private final Executor calls;
    /**
     * Runs what follows an answer (callers may block there, e.g. on the database), never the JDK's timer thread that
     * ends an operation which waited too long for its batch.
     */
    private final Executor callbacks;
    private final Batching batching;
    private final ObservationRegistry observations;
    /**
     * Per participant and phase ("prepare", "finish"): commits and aborts never wait behind prepares, so a decided
     * branch's account locks are not held longer than its own call takes (under contention a prepare finds them
     * free sooner), and a commit never shares a batch with a prepare of the same accounts, which would vote NO
     * CONFLICT because the batch frees the commit's locks only after its force.
     */
    private final Map<String, BatchQueue<BranchCall>> queues = new ConcurrentHashMap<>();
    /** Participants that answered 404 to a batch (an older version), which get none for a while. */
    private final OneByOneFallback withoutBatches;

    /** {@code faults}: the platform's outgoing faults, which act on every call. */
    public ParticipantClient(String token, Executor executor, OutgoingFaults faults) {
        this(token, executor, faults, RestClient.builder(), Batching.DEFAULT, ObservationRegistry.NOOP);
    }

    /**
     * {@code restClients}: Spring's builder, which carries the observation registry, so that every call is a span of
     * the caller's trace and sends {@code traceparent}; {@code observations}: where the spans of batched operations
     * go (the one the {@code restClients} use).
     */
    public ParticipantClient(String token, Executor executor, OutgoingFaults faults, RestClient.Builder restClients,
            Batching batching, ObservationRegistry observations) {
        this(token, executor, faults, restClients, batching, observations, System::nanoTime);
    }

    /** {@code nanoTime}: the clock of the one-by-one periods, {@link System#nanoTime} but in tests. */
    ParticipantClient(String token, Executor executor, OutgoingFaults faults, RestClient.Builder restClients,
            Batching batching, ObservationRegistry observations, LongSupplier nanoTime) {
        this.token = token;
        this.observations = observations;
        this.batching = batching;
        this.withoutBatches = new OneByOneFallback(batching.oneByOneFor(), "branch operations", log, nanoTime);
        this.callbacks = executor;
        this.calls = ServiceCalls.inCallersTrace(executor);
        this.http = new ServiceCalls(restClients, faults, CONNECT_TIMEOUT);
    }

    public CompletableFuture<Reply> prepare(Participant p, String txId, PrepareBody body, Duration timeout) {
        return branch(p, txId, "prepare", body, timeout);
    }

    /** Phase 2: {@code verb} is {@code commit} or {@code abort}. */
    public CompletableFuture<Reply> finish(Participant p, String txId, String verb, Duration timeout) {
        return branch(p, txId, verb, null, timeout);
    }

    /** Operations waiting for a call to {@code participant} (not counting those in a call under way). */
    public int waiting(String participant) {
        return queues.entrySet().stream().filter(e -> e.getKey().startsWith(participant + "/"))
                .mapToInt(e -> e.getValue().waiting()).sum();
    }

    private CompletableFuture<Reply> branch(Participant p, String txId, String action, Object body, Duration timeout) {
        if (batching.maxItems() == 1) {
            return single(p, txId, action, body, timeout);
        }
        BranchCall call = new BranchCall(txId, action, body, timeout, new CompletableFuture<>(),
                SNAPSHOTS.captureAll());
        String what = "POST " + p.id() + call.path();
        // the timeout counts from here: an operation that waited for a call has had that much less time
        CompletableFuture<Reply> answer = call.answer().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((reply, error) -> error == null ? reply : failed(what, error, timeout), callbacks);
        String phase = action.equals("prepare") ? "prepare" : "finish";
        queues.computeIfAbsent(p.id() + "/" + phase, id -> new BatchQueue<BranchCall>(batching.maxItems(),
                batching.inFlight(), WAITING_LIMIT, (batch, done) -> sendBatch(p, batch, done))).submit(call);
        return answer;
    }

    private CompletableFuture<Reply> single(Participant p, String txId, String action, Object body, Duration timeout) {
        return send(p, HttpMethod.POST, BranchCall.template(action), txId,
                body == null ? null : JSON.writeValueAsString(body), timeout);
    }

    /**
     * One call for {@code batch}, in the trace of its first operation; {@code done} once every answer is in. The
     * operations a fault names go on their own (see {@link Batching}).
     */
    private void sendBatch(Participant p, List<BranchCall> batch, Runnable done) {
        batching.sizes().accept(batch.size());
        List<BranchCall> alone = batch.stream().filter(c -> batching.alone().test(p.url(), c::path)).toList();
        List<BranchCall> together = alone.isEmpty() ? batch : batch.stream().filter(c -> !alone.contains(c)).toList();
        if (together.size() <= 1 || withoutBatches.batchesOff(p.id())) {
            oneByOne(p, batch, done);
            return;
        }
        if (alone.isEmpty()) {
            sendTogether(p, together, done);
            return;
        }
        AtomicInteger parts = new AtomicInteger(2);
        Runnable bothAnswered = () -> {
            if (parts.decrementAndGet() == 0) {
                done.run();
            }
        };
        oneByOne(p, alone, bothAnswered);
        sendTogether(p, together, bothAnswered);
    }

    /** {@code items} in one call to the batch endpoint, or one by one if the participant has none. */
    private void sendTogether(Participant p, List<BranchCall> items, Runnable done) {
        Duration timeout = items.stream().map(BranchCall::timeout).max(Duration::compareTo).orElseThrow();
        CompletableFuture<Reply> reply;
        List<Observation> batched = batchedSpans(p, items);
        try (ContextSnapshot.Scope scope = items.get(0).context().setThreadLocals()) {
            reply = send(p, HttpMethod.POST, BATCH_PATH, null, BranchBatchJson.request(items), timeout);
        }
        reply.whenComplete((r, error) -> batched.forEach(Observation::stop)).thenAccept(r -> {
            if (r.is(404)) {
                withoutBatches.noBatchEndpoint(p.id(), r.describe());
                oneByOne(p, items, done);
                return;
            }
            withoutBatches.batchAnswered(p.id());
            BranchBatchJson.answer(items, r);
            done.run();
        });
    }

    /** A started span in the trace of every operation but the first (whose trace has the call's own span). */
    private List<Observation> batchedSpans(Participant p, List<BranchCall> items) {
        String size = Integer.toString(items.size());
        return BatchedSpans.start(observations, items, BranchCall::context,
                item -> Observation.createNotStarted("bank.branch.batched", observations)
                        .contextualName(item.action() + " at " + p.id() + " in a batch")
                        .lowCardinalityKeyValue("participant", p.id())
                        .lowCardinalityKeyValue("action", item.action())
                        .highCardinalityKeyValue("batch.size", size)
                        .highCardinalityKeyValue("tx.id", item.txId()));
    }

    /** Each operation of {@code batch} to its single endpoint, in its own trace; {@code done} once all answered. */
    private void oneByOne(Participant p, List<BranchCall> batch, Runnable done) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[batch.size()];
        for (int i = 0; i < calls.length; i++) {
            BranchCall call = batch.get(i);
            try (ContextSnapshot.Scope scope = call.context().setThreadLocals()) {
                calls[i] = single(p, call.txId(), call.action(), call.body(), call.timeout())
                        .thenAccept(call.answer()::complete);
            }
        }
        CompletableFuture.allOf(calls).whenComplete((ignored, error) -> done.run());
    }

    public Reply createAccount(Participant p, String id, long balance, Duration timeout) {
        String body = JSON.writeValueAsString(new NewAccount(id, balance));
        return await(send(p, HttpMethod.POST, "/internal/bank/accounts", null, body, timeout));
    }

    public Reply account(Participant p, String id, Duration timeout) {
        return await(send(p, HttpMethod.GET, "/internal/bank/accounts/{id}", id, null, timeout));
    }

    public CompletableFuture<Reply> freeze(Participant p, String snapshotId, Duration timeout) {
        return send(p, HttpMethod.POST, "/internal/bank/snapshots/{id}", snapshotId, null, timeout);
    }

    public CompletableFuture<Reply> release(Participant p, String snapshotId, Duration timeout) {
        return send(p, HttpMethod.DELETE, "/internal/bank/snapshots/{id}", snapshotId, null, timeout);
    }

    private record NewAccount(String id, long balance) {
    }

    /**
     * One call, on its own thread: {@code template} names the endpoint in the call's metrics and span (its one
     * variable is {@code id}), the request goes to the path with {@code id} in it as it is.
     */
    private CompletableFuture<Reply> send(Participant p, HttpMethod method, String template, String id, String body,
            Duration timeout) {
        String path = id == null ? template : template.substring(0, template.indexOf('{')) + id
                + template.substring(template.indexOf('}') + 1);
        URI uri = URI.create(p.url() + path);
        String what = method.name() + " " + p.id() + path;
        try {
            return CompletableFuture.supplyAsync(() -> call(uri, method, template, body, timeout, what), calls)
                    // a safety net over the request timeout
                    .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .handleAsync((reply, error) -> error == null ? reply : failed(what, error, timeout), callbacks);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(what, e, timeout));
        }
    }

    private Reply call(URI uri, HttpMethod method, String template, String body, Duration timeout, String what) {
        RestClient.RequestBodySpec request = http.within(timeout).method(method).uri(template, ignored -> uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return request.exchange((req, response) -> reply(response.getStatusCode().value(),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (ResourceAccessException e) {
            return failed(what, ServiceCalls.cause(e), timeout);
        }
    }

    private static Reply reply(int status, String text) {
        JsonNode body = null;
        if (text != null && !text.isBlank()) {
            try {
                body = JSON.readTree(text);
            } catch (JacksonException e) {
                body = null;
            }
        }
        return new Reply(status, body, Failure.NONE, null);
    }

    private static Reply failed(String what, Throwable error, Duration timeout) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return new Reply(0, null, Failure.UNREACHABLE, what + ": could not connect");
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return new Reply(0, null, Failure.TIMEOUT, what + ": no answer within " + timeout.toMillis() + " ms");
        }
        // refused, reset or broken after sending: no answer to act on
        return new Reply(0, null, Failure.UNREACHABLE, what + ": " + e);
    }

    private static Reply await(CompletableFuture<Reply> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, Failure.UNREACHABLE, "interrupted");
        } catch (ExecutionException e) {
            return new Reply(0, null, Failure.UNREACHABLE, String.valueOf(e.getCause()));
        }
    }
}
