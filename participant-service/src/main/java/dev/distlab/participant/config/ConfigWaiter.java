package dev.distlab.participant.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.paxos.kv.EventsResult;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvEvent;
import dev.distlab.paxos.kv.KvStateMachine;

/**
 * Long-polls and watches without holding a thread: check, and if nothing new, wait with
 * {@link ConfigStore#awaitRevisionAfter} for the local revision to move, then check again until the deadline.
 * The first check uses the consistency the client asked for; the re-checks are local (STALE) reads, as they
 * only follow changes this replica has applied.
 * <p>
 * A stopping replica ends every wait at once with what it has, as if its deadline had come: Tomcat does not
 * notice a client that went away during a long-poll, so the web server's graceful shutdown waited out its
 * 10 s for a watch whose gateway had already stopped. The client asks again, elsewhere.
 */
@Component
class ConfigWaiter implements SmartLifecycle, DisposableBean {

    /** A watch answer holds at most this many events (the client continues from the answer's revision). */
    static final int MAX_EVENTS = 1000;
    /** ... and stops adding events once their values reach this many characters. */
    static final long MAX_EVENT_CHARS = 8L * 1024 * 1024;

    private final ExecutorService executor;
    /** What an ended wait completes with: no revision (its re-check reads the revision itself). */
    private static final long ENDED = -1;
    /** The waits for the store's revision under way, ended early when the replica stops. */
    private final Set<CompletableFuture<Long>> waits = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;

    ConfigWaiter() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "config-wait-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** The state of one key: its entry (null when absent) and the store revision it was read at. */
    record KeyState(KvEntry entry, long revision, boolean changed) {
    }

    /** Changes under a prefix after {@code after}, or compacted. */
    record WatchState(long after, EventsResult result) {
    }

    /**
     * Completes as soon as the key's state is newer than {@code after} (modified, created or deleted after it,
     * or its history after it is compacted away and it is absent), or at the deadline with the current state.
     */
    CompletableFuture<KeyState> awaitKey(ConfigStore store, String key, long after, Consistency first,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Function<KvStateMachine, KeyState> check = sm -> checkKey(sm, key, after);
        return store.read(first, check)
                .thenCompose(state -> loop(store, check, state, KeyState::changed, KeyState::revision, deadline));
    }

    /**
     * Completes with the changes under {@code prefix} after {@code after} (null: the current revision) as soon as
     * there is one, with the compaction signal, or at the deadline with no events.
     */
    CompletableFuture<WatchState> watch(ConfigStore store, String prefix, Long after, Consistency first,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return store.read(first, sm -> {
            long from = after != null ? after : sm.revision();
            return new WatchState(from, sm.eventsAfter(prefix, from));
        }).thenCompose(state -> {
            long from = state.after();
            // Nothing under the prefix up to a checked revision: the next check starts there, so that a watch
            // of a quiet prefix costs only the new events under a busy store, not all since it began
            AtomicLong checked = new AtomicLong(state.result().isCompacted() ? from : state.result().revision());
            Function<KvStateMachine, WatchState> check = sm -> {
                EventsResult result = sm.eventsAfter(prefix, checked.get());
                if (!result.isCompacted() && result.events().isEmpty()) {
                    checked.set(result.revision());
                }
                return new WatchState(from, result);
            };
            return loop(store, check, state, ConfigWaiter::ready, s -> s.result().revision(), deadline);
        });
    }

    /** At most {@link #MAX_EVENTS} events and about {@link #MAX_EVENT_CHARS} of values, and the revision they reach. */
    static ConfigJson.Events limit(EventsResult result) {
        List<KvEvent> events = result.events();
        List<ConfigJson.Event> out = new ArrayList<>(Math.min(events.size(), MAX_EVENTS));
        long chars = 0;
        for (KvEvent e : events) {
            if (!out.isEmpty() && (out.size() >= MAX_EVENTS || chars >= MAX_EVENT_CHARS)) {
                return new ConfigJson.Events(out.get(out.size() - 1).modRevision(), out);
            }
            out.add(ConfigJson.Event.of(e));
            chars += e.key().length() + (e.value() == null ? 0 : e.value().length());
        }
        return new ConfigJson.Events(result.revision(), out);
    }

    private static boolean ready(WatchState s) {
        return s.result().isCompacted() || !s.result().events().isEmpty();
    }

    private static KeyState checkKey(KvStateMachine sm, String key, long after) {
        KvEntry entry = sm.get(key);
        long revision = sm.revision();
        boolean changed;
        if (entry != null) {
            // recreated after a delete also has a newer modRevision
            changed = entry.modRevision() > after;
        } else if (after >= revision) {
            changed = false;
        } else {
            EventsResult events = sm.eventsAfter(key, after);
            changed = events.isCompacted() || events.events().stream().anyMatch(e -> e.key().equals(key));
        }
        return new KeyState(entry, revision, changed);
    }

    private <S> CompletableFuture<S> loop(ConfigStore store, Function<KvStateMachine, S> check, S state,
            Predicate<S> ready, ToLongFunction<S> revision, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (ready.test(state) || remaining <= 0 || stopping) {
            return CompletableFuture.completedFuture(state);
        }
        // leave the store's notifying thread before reading again under its lock
        return awaitRevisionAfter(store, revision.applyAsLong(state), Duration.ofNanos(remaining))
                .thenComposeAsync(rev -> store.read(Consistency.STALE, check), executor)
                .thenCompose(next -> loop(store, check, next, ready, revision, deadline));
    }

    /** The store's wait, which {@link #stop()} ends early. */
    private CompletableFuture<Long> awaitRevisionAfter(ConfigStore store, long after, Duration timeout) {
        CompletableFuture<Long> wait = new CompletableFuture<>();
        waits.add(wait);
        wait.whenComplete((revision, error) -> waits.remove(wait));
        store.awaitRevisionAfter(after, timeout).whenComplete((revision, error) -> {
            if (error != null) {
                wait.completeExceptionally(error);
            } else {
                wait.complete(revision);
            }
        });
        if (stopping) { // stop() may have run before this wait was in the set
            wait.complete(ENDED);
        }
        return wait;
    }

    /** Also after a stop: a test context cache stops the contexts it keeps aside and starts them again. */
    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    /** Ends every wait: each re-checks once and answers with what it found. */
    @Override
    public void stop() {
        stopping = true;
        running = false;
        for (CompletableFuture<Long> wait : waits) {
            wait.complete(ENDED);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stopped before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) waits for
     * the requests under way, and before the replica stops (it answers the waits' last checks).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
