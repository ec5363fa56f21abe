package dev.distlab.paxos.sim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Runs a range of seeds on several threads and hands their outcomes back in seed order, on the calling thread.
 * A seed's run is a whole cluster of its own in one thread that shares nothing with another run (no static state
 * in the protocol, the storage or the simulators), so running seeds side by side changes no run: each still
 * depends on its seed alone, and the outcomes, failures and progress lines are those of a run one seed at a time.
 * Only the wall time changes: a 15,000-seed sweep took 40 s on one core of a 2-core CI machine, the other idle.
 * <p>
 * Threads: {@code -Dpaxos.sweep.threads} (default: the available processors; 1 runs the seeds one by one).
 */
public final class SeedSweep {

    /** What one seed's run gave: its summary, or the failure message that names the seed. */
    public record Outcome<S>(long seed, S summary, String failure, double seconds) {

        public boolean failed() {
            return failure != null;
        }
    }

    private SeedSweep() {
    }

    public static int threads() {
        return Math.max(1, Integer.getInteger("paxos.sweep.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs seeds {@code first} to {@code first + count - 1}; {@code run} turns one seed into its outcome, and
     * {@code consume} takes each outcome in seed order and says whether to go on. Once it says no, no further
     * seed is started and no further outcome is handed over. An exception other than a failure outcome (a bug in
     * the simulator, an Error) is thrown here when its seed's turn comes, as it would be one seed at a time.
     */
    public static <S> void run(long first, long count, LongFunction<Outcome<S>> run, Predicate<Outcome<S>> consume) {
        int threads = (int) Math.min(threads(), Math.max(1, count));
        ConcurrentHashMap<Long, Object> done = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        Object changed = new Object();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Object result;
                    try {
                        result = run.apply(first + i);
                    } catch (RuntimeException | Error e) {
                        result = e;
                    }
                    done.put(i, result);
                    synchronized (changed) {
                        changed.notifyAll();
                    }
                }
            }, "seed-sweep-" + t);
            workers[t].start();
        }
        try {
            for (long i = 0; i < count; i++) {
                Object result = awaitResult(done, i, changed);
                if (result instanceof RuntimeException e) {
                    throw e;
                }
                if (result instanceof Error e) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                Outcome<S> outcome = (Outcome<S>) result;
                if (!consume.test(outcome)) {
                    return;
                }
            }
        } finally {
            next.set(count); // no worker starts another seed; the ones under way finish theirs
            for (Thread worker : workers) {
                joinQuietly(worker);
            }
        }
    }

    private static void joinQuietly(Thread worker) {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object awaitResult(ConcurrentHashMap<Long, Object> done, long index, Object changed) {
        synchronized (changed) {
            Object result;
            while ((result = done.remove(index)) == null) {
                try {
                    changed.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for seed index " + index, e);
                }
            }
            return result;
        }
    }
}
