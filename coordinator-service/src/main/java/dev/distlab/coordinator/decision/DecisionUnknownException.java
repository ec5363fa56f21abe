package dev.distlab.coordinator.decision;

/** Whether a transaction was decided, and how, cannot be learned right now (the store is unreachable). */
public class DecisionUnknownException extends RuntimeException {

    public DecisionUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
