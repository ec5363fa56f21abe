package dev.distlab.paxos.node;

/**
 * A consistent picture of the replica for /api/node, health and metrics, taken on the protocol thread.
 * {@code role} is {@code leader}, {@code candidate} or {@code follower} while the protocol thread runs, and
 * {@code stalled} once it has stopped moving: a status never shows a role the replica no longer plays.
 */
public record ReplicaStatus(int nodeId, String role, int leaderId, String ballot, long commitIndex,
        long appliedIndex, long snapshotIndex, long lastSlot, long revision, boolean inWorkingMajority) {

    /** The same replica seen as not serving (stalled or stopping): no role, no leader, not ready. */
    public ReplicaStatus notServing(String why) {
        return new ReplicaStatus(nodeId, why, 0, ballot, commitIndex, appliedIndex, snapshotIndex, lastSlot, revision,
                false);
    }
}
