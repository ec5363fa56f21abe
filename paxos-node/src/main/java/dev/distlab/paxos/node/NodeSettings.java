package dev.distlab.paxos.node;

import java.time.Duration;

/**
 * How a {@link ReplicaNode} paces itself.
 *
 * @param tick           length of one protocol tick (time-outs are checked once a tick)
 * @param requestTimeout a request not served within this fails as unavailable; a replica cut off from a
 *                       majority for this long refuses new requests at once instead of letting each wait
 * @param snapshotEvery  take a state machine snapshot every this many applied slots
 */
public record NodeSettings(Duration tick, Duration requestTimeout, int snapshotEvery) {
}
