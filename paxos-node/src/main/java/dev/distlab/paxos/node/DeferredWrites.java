package dev.distlab.paxos.node;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.storage.DurableLog;

/**
 * The planted bug of the participant's {@code platform.unsafe.accept-before-fsync} (for teaching): a Ready's
 * records (promises, accepts, the commit index) are held here and appended and forced a delay later, while its
 * messages leave at once. A crash in between loses promises and accepts that peers and clients already counted;
 * a killed process keeps what it wrote (the OS has it), so the write itself waits, not only the fsync. Batches
 * reach the log in the order they were produced. Protocol thread only.
 */
final class DeferredWrites {

    private record Batch(long dueNanos, List<PersistRecord> records) {
    }

    private final long delayNanos;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    DeferredWrites(long delayNanos) {
        this.delayNanos = delayNanos;
    }

    void add(List<PersistRecord> records, long nowNanos) {
        if (!records.isEmpty()) {
            pending.add(new Batch(nowNanos + delayNanos, List.copyOf(records)));
        }
    }

    /** Appends every batch that is due and forces them once; true if anything was written. */
    boolean writeDue(DurableLog durable, long nowNanos) throws IOException {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().dueNanos() - nowNanos <= 0) {
            durable.append(pending.poll().records());
            wrote = true;
        }
        if (wrote) {
            durable.sync();
        }
        return wrote;
    }

    /** Records answered for but not yet written. */
    int pendingRecords() {
        return pending.stream().mapToInt(b -> b.records().size()).sum();
    }
}
