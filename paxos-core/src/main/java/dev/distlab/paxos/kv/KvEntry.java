package dev.distlab.paxos.kv;

import java.util.Objects;

/** A key's current value with its version (writes since creation) and the revisions that created and last changed it. */
public final class KvEntry {
    private final String key;
    private final String value;
    private final long version;
    private final long createRevision;
    private final long modRevision;

    public KvEntry(String key, String value, long version, long createRevision, long modRevision) {
        this.key = key;
        this.value = value;
        this.version = version;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public long version() {
        return version;
    }

    public long createRevision() {
        return createRevision;
    }

    public long modRevision() {
        return modRevision;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KvEntry)) {
            return false;
        }
        KvEntry e = (KvEntry) o;
        return e.key.equals(key) && e.value.equals(value) && e.version == version
                && e.createRevision == createRevision && e.modRevision == modRevision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value, version, createRevision, modRevision);
    }

    @Override
    public String toString() {
        return key + "=" + value + "(v" + version + " c" + createRevision + " m" + modRevision + ")";
    }
}
