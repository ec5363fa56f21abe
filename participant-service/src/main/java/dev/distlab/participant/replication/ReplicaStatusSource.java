package dev.distlab.participant.replication;

import dev.distlab.paxos.node.ReplicaStatus;

/** Where the rest of the participant reads the replica's current status from. */
public interface ReplicaStatusSource {

    ReplicaStatus status();
}
