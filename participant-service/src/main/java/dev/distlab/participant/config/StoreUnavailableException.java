package dev.distlab.participant.config;

/**
 * The store could not commit a write or confirm a read with a majority in time (or this node has no store).
 * The HTTP API answers it with 503 problem+json; the operation may or may not take effect later.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
