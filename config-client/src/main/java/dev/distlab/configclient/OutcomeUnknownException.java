package dev.distlab.configclient;

/**
 * A write was sent but its outcome is unknown: the answer timed out, the connection broke after the request
 * went out, or the store answered 5xx (a write that could not be committed in time may still be chosen later).
 * The write may or may not have been applied; read the key to find out. The client never retries such a write.
 */
public class OutcomeUnknownException extends ConfigException {

    public OutcomeUnknownException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
