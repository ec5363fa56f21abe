package dev.distlab.configclient;

import java.util.Objects;

/**
 * One config entry as the store reports it. {@code version} counts the writes to this key since it was
 * created; {@code modRevision} is the store revision of the last write (the entry's ETag).
 */
public record Entry(String key, String value, long version, long createRevision, long modRevision) {

    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
