package dev.distlab.paxos.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PersistedState;

/**
 * A replica's durable state: its {@link PersistRecord}s in a {@link RecordLog}. Keeps the sum of the records
 * ({@link PersistedState}) in memory so that the log can be rewritten compactly once it has grown: after a
 * snapshot only the promise, the snapshot and the entries above it are kept.
 */
public final class DurableLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(DurableLog.class);

    private final RecordLog records;
    private final PersistedState state = new PersistedState();
    private final long compactAboveBytes;

    private DurableLog(RecordLog records, long compactAboveBytes) {
        this.records = records;
        this.compactAboveBytes = compactAboveBytes;
    }

    /** Opens the log in {@code dir}; it is rewritten compactly once it holds more than the given bytes. */
    public static DurableLog open(Path dir, long compactAboveBytes) throws IOException {
        DurableLog durable = new DurableLog(RecordLog.open(dir), compactAboveBytes);
        for (byte[] bytes : durable.records.recoveredRecords()) {
            durable.state.apply(PaxosCodec.decodeRecord(bytes));
        }
        return durable;
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
        if (records.sizeBytes() > compactAboveBytes) {
            List<PersistRecord> compact = state.toRecords();
            long before = records.sizeBytes();
            records.rewrite(compact.stream().map(PaxosCodec::encodeRecord).toList());
            log.info("Compacted the write-ahead log from {} KiB to {} KiB ({} records kept, snapshot at slot {})",
                    before / 1024, records.sizeBytes() / 1024, compact.size(), state.snapshot().index());
        }
    }

    public long sizeBytes() throws IOException {
        return records.sizeBytes();
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
