package dev.distlab.common.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.distlab.common.fatal.FatalErrors;
import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.paxos.storage.LogFileSystem;
import dev.distlab.paxos.storage.NioLogFileSystem;
import dev.distlab.paxos.storage.RecordLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A write-ahead log beside an H2 database: what must survive a crash is forced here, as a small record (the image
 * of the rows a change left), instead of forcing the database, whose every force writes each B-tree page that
 * changed since the last one (at the coordinator about a tenth of its CPU per transfer, and most of what it wrote to
 * disk). The database is written without forcing and caught up from this log at start by its owner, which reads
 * {@link #takeRecovered()}.
 * <p>
 * A record is appended only after the database transaction that made the change has committed, so a
 * {@link #checkpoint} that forces the database while no record is being appended covers every record in the log,
 * and then empties it. {@link #sync} is a group commit: callers that arrive while a sync runs share the next one.
 * <p>
 * <b>A failed write or fsync is fatal</b>, as for the database's force: the log refuses everything after it, every
 * caller gets a {@link DiskForceException} and {@link FatalErrors} is told once.
 */
public final class WriteAheadLog implements AutoCloseable {

    /** What the log keeps, for messages: "the coordinator's history", "the bank shard". */
    private final String what;
    private final Path dir;
    private final RecordLog log;
    private final FatalErrors fatal;
    private final Timer waits;
    private final Counter syncs;
    private final AtomicBoolean fatalReported = new AtomicBoolean();
    /** Records read at open, until the history has replayed them. */
    private List<byte[]> recovered;

    /** Guards {@link #log} (it is not thread-safe) and the fields below; taken inside {@link #syncLock}. */
    private final Object appendLock = new Object();
    private long appended;
    /** {@link #appended} at the last checkpoint. */
    private long checkpointed;
    private Exception failure;
    private boolean closed;
    /** One sync at a time: a caller waiting here may find its records synced by the one before. */
    private final Object syncLock = new Object();
    private long synced;

    private WriteAheadLog(String what, Path dir, RecordLog log, List<byte[]> recovered, FatalErrors fatal,
            Timer waits, Counter syncs) {
        this.what = what;
        this.dir = dir;
        this.log = log;
        this.recovered = recovered;
        this.checkpointed = recovered.isEmpty() ? 0 : -1; // what was read must be checkpointed once replayed
        this.fatal = fatal;
        this.waits = waits;
        this.syncs = syncs;
    }

    /**
     * Opens the log in {@code dir} with the timer {@code meter} (waits for its fsync) and the counter
     * {@code meter.syncs}; a failed write or fsync ends the process, as a failed force of H2 does.
     */
    public static WriteAheadLog metered(String what, Path dir, MeterRegistry registry, String meter)
            throws IOException {
        Timer waits = Timer.builder(meter)
                .description("Waiting for the write-ahead log of " + what + " to be on disk (group-committed fsync)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        Counter syncs = Counter.builder(meter + ".syncs")
                .description("Syncs of the write-ahead log of " + what + "; fewer than writes when concurrent ones "
                        + "share one")
                .register(registry);
        return open(NioLogFileSystem.INSTANCE, what, dir.toAbsolutePath(),
                FatalErrors.exitProcess(H2GroupCommit.EXIT_GRACE_MILLIS), waits, syncs);
    }

    /** Opens (or creates) the log, keeping what it holds for {@link #takeRecovered()}; a torn tail is cut off. */
    public static WriteAheadLog open(LogFileSystem fs, String what, Path dir, FatalErrors fatal, Timer waits,
            Counter syncs) throws IOException {
        List<byte[]> recovered = new ArrayList<>();
        RecordLog log = RecordLog.open(fs, dir, recovered::add);
        return new WriteAheadLog(what, dir, log, recovered, fatal, waits, syncs);
    }

    /** The records the log held when it was opened, oldest first; once (they are dropped from memory). */
    public List<byte[]> takeRecovered() {
        synchronized (appendLock) {
            List<byte[]> records = recovered;
            recovered = List.of();
            return records;
        }
    }

    /** Buffers a record; on disk once a {@link #sync} that began after this call returns. */
    public void append(byte[] record) {
        synchronized (appendLock) {
            requireHealthy();
            log.append(record);
            appended++;
        }
    }

    /** Returns once every record appended before this call is on disk; throws if that cannot be done. */
    public void sync() {
        long start = System.nanoTime();
        try {
            long mine;
            synchronized (appendLock) {
                mine = appended;
            }
            synchronized (syncLock) {
                if (synced >= mine) {
                    requireHealthy(); // the sync that covered it may have failed
                    return;
                }
                long upTo;
                synchronized (appendLock) {
                    requireHealthy();
                    upTo = appended;
                    try {
                        log.sync();
                    } catch (IOException | RuntimeException e) {
                        throw failed(e);
                    }
                }
                syncs.increment();
                synced = upTo;
            }
        } finally {
            waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Forces the database ({@code forceDatabase}) and empties the log, while no record is appended: every record
     * in the log belongs to a transaction that committed before the force began. Does nothing if nothing was
     * appended since the last checkpoint. Throws (and the failure is fatal) if either could not be done.
     */
    public void checkpoint(Runnable forceDatabase) {
        synchronized (syncLock) {
            synchronized (appendLock) {
                requireHealthy();
                if (appended == checkpointed) {
                    return;
                }
                forceDatabase.run();
                try {
                    log.rewrite(List.of());
                } catch (IOException | RuntimeException e) {
                    throw failed(e);
                }
                checkpointed = appended;
                synced = appended;
            }
        }
    }

    /** Syncs run so far. */
    public long syncCount() {
        return (long) syncs.count();
    }

    private void requireHealthy() {
        if (failure != null) {
            throw new DiskForceException("the write-ahead log of " + what + " in " + dir + " failed earlier", failure);
        }
        if (closed) { // the context is stopping: nothing written now can be promised
            throw new DiskForceException("the write-ahead log of " + what + " in " + dir + " is closed", null);
        }
    }

    private DiskForceException failed(Exception e) {
        failure = e;
        if (fatalReported.compareAndSet(false, true)) {
            fatal.fatal("The write-ahead log of " + what + " in " + dir + " could not be written to disk (" + e
                    + "); what it acknowledged since the last checkpoint may be lost", e);
        }
        return new DiskForceException("writing the write-ahead log of " + what + " in " + dir + " to disk failed", e);
    }

    /** Syncs what was appended and closes the file; later calls get a {@link DiskForceException}, not fatal. */
    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (failure == null) {
                log.close();
            }
        }
    }
}
