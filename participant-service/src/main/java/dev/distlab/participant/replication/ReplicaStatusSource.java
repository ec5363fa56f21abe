package dev.distlab.participant.replication;

/** Where the rest of the participant reads the replica's current status from. */
public interface ReplicaStatusSource {

    ReplicaStatus status();
}
