package dev.distlab.configclient;

import java.util.OptionalLong;

/**
 * 412: a conditional write's precondition did not hold (If-Match on another modRevision or an absent key,
 * If-None-Match: * on an existing key). Nothing was written. {@link #currentModRevision()} is the entry's
 * modRevision at that moment, empty when the key was absent.
 */
public class PreconditionFailedException extends ConfigException {

    private final String key;
    private final long currentModRevision;

    public PreconditionFailedException(String key, long currentModRevision, String message) {
        super(412, message);
        this.key = key;
        this.currentModRevision = currentModRevision;
    }

    public String key() {
        return key;
    }

    /** The key's modRevision when the write was refused; empty if the key did not exist. */
    public OptionalLong currentModRevision() {
        return currentModRevision > 0 ? OptionalLong.of(currentModRevision) : OptionalLong.empty();
    }
}
