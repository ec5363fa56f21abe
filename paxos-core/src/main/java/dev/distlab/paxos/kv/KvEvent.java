package dev.distlab.paxos.kv;

import java.util.Objects;

/** One change to the store, as a watch reports it. {@code value} is null for a DELETE. */
public final class KvEvent {
    public enum Type { PUT, DELETE }

    private final Type type;
    private final String key;
    private final String value;
    private final long modRevision;

    public KvEvent(Type type, String key, String value, long modRevision) {
        this.type = type;
        this.key = key;
        this.value = value;
        this.modRevision = modRevision;
    }

    public Type type() {
        return type;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public long modRevision() {
        return modRevision;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KvEvent)) {
            return false;
        }
        KvEvent e = (KvEvent) o;
        return e.type == type && e.key.equals(key) && Objects.equals(e.value, value) && e.modRevision == modRevision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, key, value, modRevision);
    }

    @Override
    public String toString() {
        return type + " " + key + (value != null ? "=" + value : "") + "@" + modRevision;
    }
}
