package dev.distlab.common.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.common.fatal.FatalErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forces an H2 database to disk. H2 does not fsync on commit (its MVStore writes in the background, without
 * forcing), so a caller whose transaction has committed calls {@link #force()}, which returns once a force (see
 * {@link H2StoreForce}) that began after the call has finished. One thread forces for every caller waiting: each
 * caller takes a ticket, the forcing thread serves all tickets issued before it started, and callers that arrive
 * during a force are served by the next one.
 * <p>
 * <b>A failed force is fatal.</b> After a failed fsync the kernel may have dropped the dirty pages and a later
 * fsync can succeed without them ("fsyncgate"), so nothing forced after a failure can be trusted: the callers
 * waiting get {@link DiskForceException}, so does every later caller, and {@link FatalErrors} is told once (in
 * production it ends the process, so that a supervisor restarts it from what its disk really holds). A force that
 * takes over {@link #LONGEST_WAIT} is treated the same way.
 */
public class H2GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2GroupCommit.class);
    /** A safety net: a force normally takes milliseconds. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    /** How long an orderly shutdown may take after a failed force before the process halts. */
    static final long EXIT_GRACE_MILLIS = 10_000;

    private final String database;
    private final DataSource dataSource;
    private final Timer waits;
    private final Counter syncs;
    private final FatalErrors fatal;
    private final AtomicBoolean fatalReported = new AtomicBoolean();
    private final Thread syncer;
    /** Guards the fields below. */
    private final Object monitor = new Object();
    /** The last ticket handed out. */
    private long issued;
    /** Every ticket up to this one has been answered (by a force that succeeded or failed). */
    private long served;
    /** Every ticket up to this one is on disk. */
    private long durableUpTo;
    /** The first failure; once set, no force is trusted again. */
    private Exception failure;
    private boolean closed;

    /** In production: a failed force ends the process ({@link FatalErrors#exitProcess}). */
    public H2GroupCommit(String database, DataSource dataSource, Timer waits, Counter syncs) {
        this(database, dataSource, waits, syncs, FatalErrors.exitProcess(EXIT_GRACE_MILLIS));
    }

    /**
     * @param database what the logs and errors call it ("the bank database")
     * @param waits records how long each caller of {@link #force()} waited
     * @param syncs counts the forces run (fewer than calls when callers share one)
     * @param fatal told once when the database could not be forced
     */
    public H2GroupCommit(String database, DataSource dataSource, Timer waits, Counter syncs, FatalErrors fatal) {
        this.database = database;
        this.dataSource = dataSource;
        this.waits = waits;
        this.syncs = syncs;
        this.fatal = fatal;
        this.syncer = new Thread(this::syncLoop, "h2-group-commit");
        this.syncer.setDaemon(true);
        this.syncer.start();
    }

    /**
     * With its meters registered: the timer {@code meter} (each caller's wait, as a histogram) and the counter
     * {@code meter.syncs}. A failed force ends the process.
     */
    public static H2GroupCommit metered(String database, DataSource dataSource, MeterRegistry registry,
            String meter) {
        return metered(database, dataSource, registry, meter, FatalErrors.exitProcess(EXIT_GRACE_MILLIS));
    }

    /** As {@link #metered(String, DataSource, MeterRegistry, String)}, telling {@code fatal} of a failed force. */
    public static H2GroupCommit metered(String database, DataSource dataSource, MeterRegistry registry,
            String meter, FatalErrors fatal) {
        Timer waits = Timer.builder(meter)
                .description("Waiting for " + database + " to be forced to disk (group-committed store and fsync)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        Counter syncs = Counter.builder(meter + ".syncs")
                .description("Forces (store and fsync) run; fewer than calls when concurrent callers share one")
                .register(registry);
        return new H2GroupCommit(database, dataSource, waits, syncs, fatal);
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

    /** Forces run so far. */
    public long syncCount() {
        return (long) syncs.count();
    }

    private long takeTicket() {
        synchronized (monitor) {
            if (failure != null) {
                throw failed();
            }
            if (closed) {
                throw new DiskForceException(database + " is closing", null);
            }
            issued++;
            monitor.notifyAll();
            return issued;
        }
    }

    private void awaitServed(long ticket) {
        DiskForceException late;
        synchronized (monitor) {
            late = waitUntilServed(ticket);
            if (late == null) {
                if (ticket > durableUpTo) {
                    throw failed();
                }
                return;
            }
            if (failure == null) {
                failure = late; // the force may still be hanging: none after it is trusted
            }
        }
        reportFatal(late);
        throw late;
    }

    /** Waits (holding the monitor) until the ticket is served; null then, else why it was not in time. */
    private DiskForceException waitUntilServed(long ticket) {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (served < ticket) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new DiskForceException("forcing " + database + " to disk took over "
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
        return null;
    }

    private DiskForceException failed() {
        return new DiskForceException("forcing " + database + " to disk failed", failure);
    }

    private void syncLoop() {
        while (true) {
            long target;
            boolean trusted;
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
                target = issued; // tickets issued from now on wait for the next force
                trusted = failure == null;
            }
            Exception error = null;
            if (trusted) { // after a failure a force proves nothing, so none is run
                try {
                    sync();
                } catch (SQLException | RuntimeException e) {
                    log.error("Forcing {} to disk failed: {}", database, e.toString());
                    error = e;
                }
            }
            if (error != null) {
                reportFatal(error); // before any caller hears of it: the process is already on its way out
            }
            synchronized (monitor) {
                if (error != null && failure == null) {
                    failure = error;
                }
                if (failure == null) {
                    durableUpTo = target;
                }
                served = target;
                monitor.notifyAll();
            }
        }
    }

    /** One force on a pooled connection. */
    private void sync() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            H2StoreForce.force(c);
        }
        syncs.increment();
    }

    /** Tells {@link #fatal} once, from a thread that holds no lock of this class. */
    private void reportFatal(Exception cause) {
        if (fatalReported.compareAndSet(false, true)) {
            fatal.fatal(database + " could not be forced to disk (" + cause.getMessage() + "); what it committed"
                    + " since its last force may be lost, and a later force could succeed without it", cause);
        }
    }

    /** Serves the tickets already taken, then stops the forcing thread. */
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
