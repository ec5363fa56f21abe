package dev.distlab.coordinator.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankProperties;

/**
 * Runs the collectors' deletes from the config store side by side, at most {@code retention-parallelism} at once.
 * Each delete is a Paxos round trip; one after another they fell behind the load that creates the records (the
 * soak benchmark measured 10-30 deletes/s against about 120 records/s created), so the store grew with uptime
 * although every record had a retention.
 */
@Component
public class ParallelDeletes implements DisposableBean {

    private final ExecutorService pool;

    ParallelDeletes(BankProperties properties) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.retentionParallelism(), r -> {
            Thread t = new Thread(r, "retention-delete-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies {@code delete} to every item, in parallel, and waits for all; returns the items it returned true
     * for. If any threw, the first exception is rethrown once all have finished (the others stay done).
     */
    public <T> List<T> each(List<T> items, Predicate<T> delete) {
        List<Future<Boolean>> calls = new ArrayList<>(items.size());
        for (T item : items) {
            calls.add(pool.submit(() -> delete.test(item)));
        }
        List<T> done = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < calls.size(); i++) {
            try {
                if (calls.get(i).get()) {
                    done.add(items.get(i));
                }
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting expired records", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
