package dev.distlab.configclient;

/**
 * No replica could serve the request: each one refused the connection, timed out, or answered that the
 * cluster cannot serve (503, or 502/504 from a gateway). Thrown for reads, and for writes only when the write
 * provably was never sent anywhere (so it was not applied); otherwise a write gets
 * {@link OutcomeUnknownException}.
 */
public class StoreUnavailableException extends ConfigException {

    public StoreUnavailableException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
