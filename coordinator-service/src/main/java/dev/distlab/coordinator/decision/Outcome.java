package dev.distlab.coordinator.decision;

import dev.distlab.coordinator.history.TxStatus;

/** A transaction's decision, as written in {@code tx/<txId>/decision}: {@code COMMIT} or {@code ABORT}. */
public enum Outcome {
    COMMIT, ABORT;

    /** The decision a stored value names, or null if it names none. */
    public static Outcome parse(String value) {
        if ("COMMIT".equals(value)) {
            return COMMIT;
        }
        if ("ABORT".equals(value)) {
            return ABORT;
        }
        return null;
    }

    /** The decision a history status records; null while PREPARING. */
    public static Outcome of(TxStatus status) {
        return switch (status) {
            case COMMITTED -> COMMIT;
            case ABORTED -> ABORT;
            case PREPARING -> null;
        };
    }

    public TxStatus status() {
        return this == COMMIT ? TxStatus.COMMITTED : TxStatus.ABORTED;
    }

    /** The phase-2 call it makes and the branch state it leads to: {@code commit}/COMMITTED, {@code abort}/ABORTED. */
    public String verb() {
        return this == COMMIT ? "commit" : "abort";
    }
}
