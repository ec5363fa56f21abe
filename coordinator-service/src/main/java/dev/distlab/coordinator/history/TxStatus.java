package dev.distlab.coordinator.history;

/** A transaction's status in the coordinator's history: undecided, or its decision. */
public enum TxStatus {
    PREPARING, COMMITTED, ABORTED;

    public boolean isDecided() {
        return this != PREPARING;
    }
}
