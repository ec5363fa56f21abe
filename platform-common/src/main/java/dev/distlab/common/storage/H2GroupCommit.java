package dev.distlab.common.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forces an H2 database to disk. H2 does not fsync on commit (its MVStore writes in the background, without
 * forcing), so a caller whose transaction has committed calls {@link #force()}, which returns once a {@code CHECKPOINT SYNC} that began after the call has
 * finished. One thread syncs for every caller waiting: each caller takes a ticket, the syncing thread serves all
 * tickets issued before it started, and callers that arrive during a sync are served by the next one.
 */
public class H2GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2GroupCommit.class);
    /** A safety net: a sync normally takes milliseconds. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private final String database;
    private final DataSource dataSource;
    private final Timer waits;
    private final Counter syncs;
    private final Thread syncer;
    /** Guards the fields below. */
    private final Object monitor = new Object();
    /** The last ticket handed out. */
    private long issued;
    /** Every ticket up to this one is on disk (or failed, see below). */
    private long served;
    /** Tickets up to this one were served by a failed sync; their callers get {@link #failure}. */
    private long failedUpTo;
    private Exception failure;
    private boolean closed;

    /**
     * @param database what the logs and errors call it ("the bank database")
     * @param waits records how long each caller of {@link #force()} waited
     * @param syncs counts the syncs run (fewer than forces when callers share one)
     */
    public H2GroupCommit(String database, DataSource dataSource, Timer waits, Counter syncs) {
        this.database = database;
        this.dataSource = dataSource;
        this.waits = waits;
        this.syncs = syncs;
        this.syncer = new Thread(this::syncLoop, "h2-group-commit");
        this.syncer.setDaemon(true);
        this.syncer.start();
    }

    /**
     * With its meters registered: the timer {@code meter} (each caller's wait, as a histogram) and the counter
     * {@code meter.syncs}.
     */
    public static H2GroupCommit metered(String database, DataSource dataSource, MeterRegistry registry,
            String meter) {
        Timer waits = Timer.builder(meter)
                .description("Waiting for " + database + " to be forced to disk (group-committed CHECKPOINT SYNC)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        Counter syncs = Counter.builder(meter + ".syncs")
                .description("CHECKPOINT SYNCs run; fewer than forces when concurrent callers share one")
                .register(registry);
        return new H2GroupCommit(database, dataSource, waits, syncs);
    }

    /** Returns once everything committed before this call is on disk; throws if that cannot be done. */
    public void force() {
        long start = System.nanoTime();
        try {
            awaitServed(takeTicket());
        } finally {
            waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** CHECKPOINT SYNCs run so far. */
    public long syncCount() {
        return (long) syncs.count();
    }

    private long takeTicket() {
        synchronized (monitor) {
            if (closed) {
                throw new DiskForceException(database + " is closing", null);
            }
            issued++;
            monitor.notifyAll();
            return issued;
        }
    }

    private void awaitServed(long ticket) {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        synchronized (monitor) {
            while (served < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DiskForceException("forcing " + database + " to disk took over "
                            + LONGEST_WAIT.toSeconds() + " s", null);
                }
                if (closed && !syncer.isAlive()) {
                    throw new DiskForceException(database + " closed before it was forced", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DiskForceException("interrupted while waiting for the disk", e);
                }
            }
            if (ticket <= failedUpTo && failure != null) {
                throw new DiskForceException("forcing " + database + " to disk failed", failure);
            }
        }
    }

    private void syncLoop() {
        while (true) {
            long target;
            synchronized (monitor) {
                while (issued == served && !closed) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        // close() decides
                    }
                }
                if (issued == served) {
                    return;
                }
                target = issued; // tickets issued from now on wait for the next sync
            }
            Exception error = null;
            try {
                sync();
            } catch (SQLException | RuntimeException e) {
                log.error("CHECKPOINT SYNC of {} failed: {}", database, e.toString());
                error = e;
            }
            synchronized (monitor) {
                if (error != null) {
                    failure = error;
                    failedUpTo = target;
                }
                served = target;
                monitor.notifyAll();
            }
        }
    }

    /** One CHECKPOINT SYNC (MVStore commit plus fsync) on a pooled connection. */
    private void sync() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
        syncs.increment();
    }

    /** Serves the tickets already taken, then stops the syncing thread. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        try {
            syncer.join(LONGEST_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The database could not be forced: what was committed may be lost in a crash, so no reply may claim it. */
    public static class DiskForceException extends RuntimeException {
        public DiskForceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
