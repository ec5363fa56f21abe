package dev.distlab.configclient;

/**
 * A request to the config store that did not succeed. {@link #status()} is the HTTP status of the answer
 * that decided it, or 0 when no replica answered. Subclasses say what is known about the outcome.
 */
public class ConfigException extends RuntimeException {

    private final int status;

    public ConfigException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ConfigException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status that decided the failure, 0 if none. */
    public int status() {
        return status;
    }
}
