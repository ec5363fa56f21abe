package dev.distlab.participant.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * Makes committed H2 transactions durable. H2 does not fsync on commit (its MVStore writes chunks in the
 * background, and without forcing them), so a caller whose JPA transaction has committed calls
 * {@link #force()}, which returns only after a {@code CHECKPOINT SYNC} (MVStore commit plus fsync) that
 * <em>started after the call</em> has finished. Group commit: one dedicated thread runs the checkpoint for
 * everyone waiting, so concurrent callers share one sync.
 */
class DiskForce implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskForce.class);
    /** A safety net: a sync normally takes milliseconds. */
    private static final long WAIT_SECONDS = 60;

    private final DataSource dataSource;
    private final Timer latency;
    private final Counter syncs;
    private final Object lock = new Object();
    private final Thread worker;
    /** The batch that the next sync will serve; null while nobody waits. */
    private CompletableFuture<Void> pending;
    private boolean closed;
    private Connection connection;
    /** Callers registered in a batch and waiting for its sync. */
    private final AtomicInteger callers = new AtomicInteger();

    DiskForce(DataSource dataSource, Timer latency, Counter syncs) {
        this.dataSource = dataSource;
        this.latency = latency;
        this.syncs = syncs;
        this.worker = new Thread(this::run, "bank-disk-force");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Returns once everything committed before this call is on disk; throws if the sync failed. */
    void force() {
        long start = System.nanoTime();
        CompletableFuture<Void> batch;
        synchronized (lock) {
            if (closed) {
                throw new DiskForceException("the bank database is closing", null);
            }
            if (pending == null) {
                pending = new CompletableFuture<>();
                lock.notifyAll();
            }
            batch = pending;
            callers.incrementAndGet();
        }
        try {
            batch.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskForceException("interrupted while waiting for the disk", e);
        } catch (ExecutionException e) {
            throw new DiskForceException("forcing the bank database to disk failed", e.getCause());
        } catch (TimeoutException e) {
            throw new DiskForceException("forcing the bank database to disk took over " + WAIT_SECONDS + " s", e);
        } finally {
            callers.decrementAndGet();
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Callers waiting in {@link #force()} for a sync right now. */
    int callers() {
        return callers.get();
    }

    private void run() {
        while (true) {
            CompletableFuture<Void> batch;
            synchronized (lock) {
                while (pending == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // close() interrupts; the loop condition decides
                    }
                }
                if (pending == null) {
                    closeConnection();
                    return;
                }
                // callers that arrive from now on wait for the next sync, which starts after this one
                batch = pending;
                pending = null;
            }
            try {
                sync();
                batch.complete(null);
            } catch (SQLException | RuntimeException e) {
                log.error("CHECKPOINT SYNC of the bank database failed: {}", e.toString());
                closeConnection();
                batch.completeExceptionally(e);
            }
        }
    }

    private void sync() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
        syncs.increment();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the disk force connection: {}", e.toString());
            }
            connection = null;
        }
    }

    /** Finishes the batch in progress and any waiting one, then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The disk could not be forced: the change may be lost in a crash, so the reply must not claim it. */
    static class DiskForceException extends RuntimeException {
        DiskForceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
