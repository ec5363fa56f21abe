package dev.distlab.paxos.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PersistedState;

/**
 * A replica's durable state: its {@link PersistRecord}s in a {@link RecordLog}. Keeps the sum of the records
 * ({@link PersistedState}) in memory — recovery applies each record as it is read, never holding the log — so
 * that the log can be rewritten compactly once it has grown: after a snapshot only the promise, the snapshot and
 * the entries above it are kept. Memory is bounded by the state, not by the log.
 *
 * <p>Compaction runs when the log exceeds the threshold <em>and</em> has grown to at least twice its size right
 * after the last compaction: a state that is itself larger than the threshold is rewritten each time the log
 * doubles, not on every sync.
 */
public final class DurableLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(DurableLog.class);

    private final RecordLog records;
    private final PersistedState state;
    private final long compactAboveBytes;
    /** Size of the log right after the last compaction; 0 until the first one, so that it may run at once. */
    private long sizeAfterCompaction;
    private long compactions;

    private DurableLog(RecordLog records, PersistedState state, long compactAboveBytes) {
        this.records = records;
        this.state = state;
        this.compactAboveBytes = compactAboveBytes;
    }

    /** Opens the log in {@code dir}; it is rewritten compactly once it holds more than the given bytes. */
    public static DurableLog open(Path dir, long compactAboveBytes) throws IOException {
        return open(NioLogFileSystem.INSTANCE, dir.toAbsolutePath(), compactAboveBytes);
    }

    /** Opens the log in {@code dir} on the given file system (a simulated one in tests). */
    public static DurableLog open(LogFileSystem fs, Path dir, long compactAboveBytes) throws IOException {
        PersistedState state = new PersistedState();
        RecordLog records = RecordLog.open(fs, dir, bytes -> state.apply(PaxosCodec.decodeRecord(bytes)));
        return new DurableLog(records, state, compactAboveBytes);
    }

    /** What the records on disk add up to; hand it to the replica after a restart. */
    public PersistedState state() {
        return state;
    }

    /** Buffers the records of one Ready; durable only after {@link #sync}. */
    public void append(List<PersistRecord> batch) {
        for (PersistRecord record : batch) {
            records.append(PaxosCodec.encodeRecord(record));
            state.apply(record);
        }
    }

    /** Forces everything appended to disk: one fsync for all the Readies gathered since the last call. */
    public void sync() throws IOException {
        records.sync();
        long size = records.sizeBytes();
        if (size > compactAboveBytes && size >= 2 * sizeAfterCompaction) {
            compact(size);
        }
    }

    /** How many times the log was rewritten since it was opened. */
    public long compactions() {
        return compactions;
    }

    /** Bytes of the log on disk. Declares IOException for the callers written when it asked the file system. */
    public long sizeBytes() throws IOException {
        return records.sizeBytes();
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    private void compact(long before) throws IOException {
        List<PersistRecord> compact = state.toRecords();
        // encoded one at a time as the rewrite writes them: never the whole log as bytes
        records.rewrite(() -> encoded(compact.iterator()));
        sizeAfterCompaction = records.sizeBytes();
        compactions++;
        log.info("Compacted the write-ahead log from {} KiB to {} KiB ({} records kept, snapshot at slot {})",
                before / 1024, sizeAfterCompaction / 1024, compact.size(), state.snapshot().index());
    }

    private static Iterator<byte[]> encoded(Iterator<PersistRecord> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public byte[] next() {
                return PaxosCodec.encodeRecord(records.next());
            }
        };
    }
}
