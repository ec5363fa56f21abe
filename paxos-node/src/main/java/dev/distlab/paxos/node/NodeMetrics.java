package dev.distlab.paxos.node;

/** What a {@link ReplicaNode} counts; production records it in Micrometer, the simulator ignores it. */
public interface NodeMetrics {

    NodeMetrics NONE = new NodeMetrics() {
    };

    default void proposed() {
    }

    default void applied(int commands) {
    }

    default void committed(long nanos) {
    }

    default void leaderChanged() {
    }

    default void snapshotTaken() {
    }

    default void snapshotInstalled() {
    }
}
