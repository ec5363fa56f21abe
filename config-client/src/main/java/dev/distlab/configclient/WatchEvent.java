package dev.distlab.configclient;

import java.util.Objects;

/** One change under a watched prefix; {@code value} is null for a DELETE. */
public record WatchEvent(Type type, String key, String value, long modRevision) {

    public enum Type {
        PUT, DELETE
    }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }
}
