package dev.distlab.participant.replication;

/** A consistent picture of the replica for /api/node, health and metrics, taken on the protocol thread. */
public record ReplicaStatus(int nodeId, String role, int leaderId, String ballot, long commitIndex,
        long appliedIndex, long snapshotIndex, long lastSlot, long revision, boolean inWorkingMajority) {
}
