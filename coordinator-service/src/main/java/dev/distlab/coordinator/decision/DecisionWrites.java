package dev.distlab.coordinator.decision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.Entry;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.StoreUnavailableException;
import dev.distlab.configclient.Write;
import dev.distlab.configclient.WriteResult;
import dev.distlab.coordinator.BatchQueue;
import dev.distlab.coordinator.BatchedSpans;
import dev.distlab.coordinator.OneByOneFallback;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The create-only writes of the decisions of concurrent transactions, on their way to the config store together:
 * while {@link Batching#inFlight} calls to the store are under way, the decisions that come meanwhile wait (a
 * {@link BatchQueue}) and the next call carries all of them, at most {@link Batching#maxItems}, to the store's batch
 * endpoint ({@link ConfigClient#writeAll}). A lone decision goes at once as the single
 * {@link ConfigClient#putIfAbsent}, so an idle coordinator adds no delay and its trace shows the PUT. Each caller
 * blocks for its own decision's answer, with the single call's meaning; a call that failed as a whole fails each of
 * its decisions as the single call would have failed. A batch call is a span of its first decision's trace; every
 * other decision in it gets a span of its own trace (see {@link BatchedSpans}).
 * <p>
 * A store that does not know the batch endpoint (404: an older participant) gets every decision on its own, each
 * from its caller's thread, for {@link Batching#oneByOneFor}, then a batch again. A decision whose single PUT an
 * outgoing network fault names ({@link Batching#alone}) goes on its own, so the fault acts on it as without batching.
 */
public class DecisionWrites {

    private static final Logger log = LoggerFactory.getLogger(DecisionWrites.class);
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
    /**
     * Decisions that may wait for a call: far above what the threads that decide (each waits for its answer) can pile
     * up; one more is refused unsent.
     */
    static final int WAITING_LIMIT = 10_000;
    /** The one target of {@link #withoutBatches}, as its logs name it. */
    private static final String STORE = "The config store";

    /**
     * {@code maxItems} decisions at most in one call (1: no batching, every decision its own PUT from its caller's
     * thread, as many at once as asked), {@code inFlight} calls at most at once; {@code sizes} hears the size of every
     * call; {@code alone} says whether a fault names a key's single PUT.
     */
    public record Batching(int maxItems, int inFlight, IntConsumer sizes, Duration oneByOneFor,
            Predicate<String> alone) {

        public static final Duration ONE_BY_ONE_FOR = Duration.ofMinutes(1);

        public Batching {
            if (maxItems < 1 || maxItems > ConfigClient.MAX_BATCH || inFlight < 1) {
                throw new IllegalArgumentException("a batch holds 1-" + ConfigClient.MAX_BATCH + " decisions and at "
                        + "least one call to the store may be in flight");
            }
        }
    }

    /** A decision on its way: its caller waits on {@code answer}; {@code context} is the caller's trace. */
    private record Pending(String key, String value, CompletableFuture<Entry> answer, ContextSnapshot context)
            implements BatchQueue.Item {
    }

    /** What a decision is answered with when its call found no batch endpoint: its caller writes it alone. */
    private static final class WriteAlone extends RuntimeException {
        WriteAlone() {
            super("the store has no batch endpoint", null, false, false);
        }
    }

    private final ConfigClient store;
    private final Batching batching;
    /** Runs each call to the store; at most {@code inFlight} at once. */
    private final Executor calls;
    /** How long a caller waits for its answer (its turn, then the call): past it the outcome is unknown. */
    private final Duration waitLimit;
    private final ObservationRegistry observations;
    private final BatchQueue<Pending> queue;
    /** Whether the store gets no batches for a while, after it answered one 404. */
    private final OneByOneFallback withoutBatches;

    /**
     * {@code calls}: where each call to the store runs; {@code observations}: where the spans of the decisions that
     * ride in another's call go ({@code bank.decision.batched}, in each one's trace, from the call's start to its
     * answer).
     */
    public DecisionWrites(ConfigClient store, Batching batching, Executor calls, Duration waitLimit,
            ObservationRegistry observations) {
        this.store = store;
        this.batching = batching;
        this.calls = calls;
        this.waitLimit = waitLimit;
        this.observations = observations;
        this.queue = new BatchQueue<>(batching.maxItems(), batching.inFlight(), WAITING_LIMIT, this::send);
        this.withoutBatches = new OneByOneFallback(batching.oneByOneFor(), "decisions", log);
    }

    /**
     * Writes {@code value} to {@code key} only if the key is absent, as {@link ConfigClient#putIfAbsent} does, and
     * throws what it throws: {@link dev.distlab.configclient.PreconditionFailedException} if the key exists,
     * {@link OutcomeUnknownException} if it may or may not have been written (also if no answer came within the wait
     * limit), {@link StoreUnavailableException} if it was not sent.
     */
    public Entry putIfAbsent(String key, String value) {
        if (batching.maxItems() == 1 || withoutBatches.batchesOff(STORE) || batching.alone().test(key)) {
            return store.putIfAbsent(key, value);
        }
        Pending pending = new Pending(key, value, new CompletableFuture<>(), SNAPSHOTS.captureAll());
        queue.submit(pending);
        try {
            return await(pending);
        } catch (WriteAlone e) {
            return store.putIfAbsent(key, value);
        } catch (RejectedExecutionException e) {
            throw new StoreUnavailableException(0, "The decision " + key + " was not sent to the config store: "
                    + e.getMessage(), e);
        }
    }

    /** Decisions waiting for a call to the store (not counting those in a call under way). */
    public int waiting() {
        return queue.waiting();
    }

    private Entry await(Pending pending) {
        try {
            pending.answer().get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // not sent yet: the queue skips it; sent: whatever the store did stands, and a read tells
            pending.answer().completeExceptionally(new OutcomeUnknownException(0, "The decision " + pending.key()
                    + " got no answer within " + waitLimit.toMillis() + " ms, waiting for its turn and for the config "
                    + "store; it may or may not have been written", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.answer().completeExceptionally(new OutcomeUnknownException(0, "Waiting for the decision "
                    + pending.key() + " was interrupted; it may or may not have been written", e));
        } catch (ExecutionException e) {
            // answered with a failure: thrown below
        }
        try {
            return pending.answer().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** One call for {@code batch} on a thread of {@link #calls}; {@code done} once it is answered. */
    private void send(List<Pending> batch, Runnable done) {
        batching.sizes().accept(batch.size());
        calls.execute(() -> {
            try (ContextSnapshot.Scope scope = batch.get(0).context().setThreadLocals()) {
                if (batch.size() == 1) {
                    alone(batch.get(0));
                } else {
                    together(batch);
                }
            } finally {
                done.run();
            }
        });
    }

    private void alone(Pending pending) {
        try {
            pending.answer().complete(store.putIfAbsent(pending.key(), pending.value()));
        } catch (RuntimeException e) {
            pending.answer().completeExceptionally(e);
        }
    }

    private void together(List<Pending> batch) {
        String size = Integer.toString(batch.size());
        List<Observation> spans = BatchedSpans.start(observations, batch, Pending::context,
                pending -> Observation.createNotStarted("bank.decision.batched", observations)
                        .contextualName("decision in a batch").highCardinalityKeyValue("batch.size", size)
                        .highCardinalityKeyValue("config.key", pending.key()));
        try {
            answer(batch);
        } finally {
            spans.forEach(Observation::stop);
        }
    }

    /** Sends the batch and answers each decision with its own result, or all with the call's failure. */
    private void answer(List<Pending> batch) {
        List<WriteResult> results;
        try {
            results = store.writeAll(batch.stream().map(p -> Write.putIfAbsent(p.key(), p.value())).toList());
        } catch (ConfigException e) {
            if (e.status() == 404) {
                withoutBatches.noBatchEndpoint(STORE, e.getMessage());
                batch.forEach(p -> p.answer().completeExceptionally(new WriteAlone()));
            } else {
                batch.forEach(p -> p.answer().completeExceptionally(e));
            }
            return;
        } catch (RuntimeException e) {
            batch.forEach(p -> p.answer().completeExceptionally(e));
            return;
        }
        withoutBatches.batchAnswered(STORE);
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Entry> answer = batch.get(i).answer();
            WriteResult result = results.get(i);
            result.failure().ifPresentOrElse(answer::completeExceptionally, () -> answer.complete(result.entry()));
        }
    }
}
