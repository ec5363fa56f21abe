package dev.distlab.paxos.node;

import java.time.Duration;

/**
 * How a {@link ReplicaNode} paces itself.
 *
 * @param tick           length of one protocol tick (time-outs are checked once a tick)
 * @param requestTimeout a request not served within this fails as unavailable; a replica cut off from a
 *                       majority for this long refuses new requests at once instead of letting each wait
 * @param snapshotEvery  take a state machine snapshot every this many applied slots
 * @param snapshotBytes  ... or once the commands applied since the last one add up to this many bytes, or to a
 *                       quarter of the last snapshot if that is less (at least {@link #MIN_SNAPSHOT_BYTES}): the
 *                       log above the snapshot, which the heap holds, stays a fraction of the state
 * @param unsafeWriteDelay zero (safe): a Ready's records are on disk before its messages leave. Positive: the
 *                       planted bug {@code platform.unsafe.accept-before-fsync}, the records are written this long
 *                       after the messages left (see {@link DeferredWrites}); for teaching only
 */
public record NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery, long snapshotBytes,
        Duration unsafeWriteDelay) {

    public static final long MIN_SNAPSHOT_BYTES = 1 << 20;

    public NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery, long snapshotBytes) {
        this(tick, requestTimeout, snapshotEvery, snapshotBytes, Duration.ZERO);
    }

    public NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery) {
        this(tick, requestTimeout, snapshotEvery, 16L << 20);
    }

    /** These settings with the planted bug of platform.unsafe.accept-before-fsync (zero: none). */
    public NodeSettings withUnsafeWriteDelay(Duration delay) {
        return new NodeSettings(tick, requestTimeout, snapshotEvery, snapshotBytes, delay);
    }

    /** Whether the commands applied since the last snapshot call for a new one. */
    boolean snapshotDue(long slotsSince, long bytesSince, long lastSnapshotBytes) {
        long byteTrigger = Math.min(snapshotBytes, Math.max(MIN_SNAPSHOT_BYTES, lastSnapshotBytes / 4));
        return slotsSince >= snapshotEvery || bytesSince >= byteTrigger;
    }
}
