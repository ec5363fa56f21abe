package dev.distlab.participant.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;

/**
 * A single-replica {@link ConfigStore} for tests: commands are applied at once to a {@link KvStateMachine}
 * under a lock, waiting for a revision really waits, and {@link #setAvailable(boolean)} makes every write and
 * linearizable read fail with {@link StoreUnavailableException}, as a cluster without a majority does.
 */
public class InMemoryConfigStore implements ConfigStore {

    private final Object lock = new Object();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "in-memory-store-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Waiter> waiters = new ArrayList<>();
    private final AtomicInteger writes = new AtomicInteger();
    private KvStateMachine machine = new KvStateMachine();
    private volatile boolean available = true;

    private static final class Waiter {
        final long afterRevision;
        final CompletableFuture<Long> future = new CompletableFuture<>();

        Waiter(long afterRevision) {
            this.afterRevision = afterRevision;
        }
    }

    /** Forgets everything (the waiters are answered with revision 0). */
    public void reset() {
        List<Waiter> woken;
        synchronized (lock) {
            machine = new KvStateMachine();
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        woken.forEach(w -> w.future.complete(0L));
        available = true;
        writes.set(0);
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Forgets history at or below {@code upTo}. */
    void compact(long upTo) {
        synchronized (lock) {
            machine.compact(upTo);
        }
    }

    long revision() {
        synchronized (lock) {
            return machine.revision();
        }
    }

    /** Writes that reached the state machine (including refused ones). */
    public int writeCount() {
        return writes.get();
    }

    /** Applies a write directly, as if another replica had committed it. */
    public KvResult apply(KvCommand command) {
        return write(command).join();
    }

    @Override
    public CompletableFuture<KvResult> write(KvCommand command) {
        if (!available) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("no majority (test)"));
        }
        KvResult result;
        List<Waiter> woken = new ArrayList<>();
        long revision;
        synchronized (lock) {
            writes.incrementAndGet();
            result = machine.execute(command);
            revision = machine.revision();
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (revision > w.afterRevision) {
                    woken.add(w);
                    it.remove();
                }
            }
        }
        woken.forEach(w -> w.future.complete(revision));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public <T> CompletableFuture<T> read(Consistency consistency, Function<KvStateMachine, T> query) {
        if (consistency == Consistency.LINEARIZABLE && !available) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("no majority (test)"));
        }
        try {
            synchronized (lock) {
                return CompletableFuture.completedFuture(query.apply(machine));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Long> awaitRevisionAfter(long afterRevision, Duration timeout) {
        Waiter w = new Waiter(afterRevision);
        synchronized (lock) {
            if (machine.revision() > afterRevision) {
                return CompletableFuture.completedFuture(machine.revision());
            }
            waiters.add(w);
        }
        timer.schedule(() -> {
            synchronized (lock) {
                waiters.remove(w);
            }
            w.future.complete(revision());
        }, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        return w.future;
    }
}
