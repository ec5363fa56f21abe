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
 */
public record NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery, long snapshotBytes) {

    public static final long MIN_SNAPSHOT_BYTES = 1 << 20;

    public NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery) {
        this(tick, requestTimeout, snapshotEvery, 16L << 20);
    }

    /** Whether the commands applied since the last snapshot call for a new one. */
    boolean snapshotDue(long slotsSince, long bytesSince, long lastSnapshotBytes) {
        long byteTrigger = Math.min(snapshotBytes, Math.max(MIN_SNAPSHOT_BYTES, lastSnapshotBytes / 4));
        return slotsSince >= snapshotEvery || bytesSince >= byteTrigger;
    }
}
