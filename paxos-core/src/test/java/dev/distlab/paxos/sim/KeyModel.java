package dev.distlab.paxos.sim;

import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sequential specification of one key of the versioned store. Revisions are store-wide, so a model of one
 * key cannot predict them: a revision the history never revealed is UNKNOWN and matches anything, but
 * a revealed one must match, and every write to the key must get a higher revision than the one before.
 */
final class KeyModel {
    static final long UNKNOWN = -1;
    static final KeyModel ABSENT = new KeyModel(false, null, 0, UNKNOWN, UNKNOWN, 0);

    final boolean exists;
    final String value;
    final long version;
    final long createRevision;
    final long modRevision;
    final long lastWriteRevision; // of the latest write, including a delete

    KeyModel(boolean exists, String value, long version, long createRevision, long modRevision, long lastWriteRevision) {
        this.exists = exists;
        this.value = value;
        this.version = version;
        this.createRevision = createRevision;
        this.modRevision = modRevision;
        this.lastWriteRevision = lastWriteRevision;
    }

    /** States after {@code op}: empty if its recorded result is impossible here; two if its outcome is unknown. */
    List<KeyModel> step(Op op) {
        List<KeyModel> out = new ArrayList<>();
        if (op.isRead()) {
            add(out, observe(op.readValue));
        } else if (op.result == null) {
            if (mayPass(op.write)) {
                add(out, applyBlind(op.write));
            }
            if (mayFail(op.write)) {
                out.add(this);
            }
        } else {
            add(out, applyKnown(op.write, op.result));
        }
        return out;
    }

    private static void add(List<KeyModel> out, KeyModel m) {
        if (m != null) {
            out.add(m);
        }
    }

    private boolean mayPass(KvCommand c) {
        if (c.type() == KvCommand.Type.DELETE && !exists) {
            return false;
        }
        if (c.ifNoneMatch() && exists) {
            return false;
        }
        return c.ifMatch() == KvCommand.ANY || (exists && (modRevision == UNKNOWN || modRevision == c.ifMatch()));
    }

    /** Fails = changes nothing (precondition failed, or delete of an absent key). */
    private boolean mayFail(KvCommand c) {
        if (c.type() == KvCommand.Type.DELETE && !exists) {
            return true;
        }
        if (c.ifNoneMatch() && exists) {
            return true;
        }
        return c.ifMatch() != KvCommand.ANY && (!exists || modRevision == UNKNOWN || modRevision != c.ifMatch());
    }

    private boolean mayFailPrecondition(KvCommand c) {
        if (c.type() == KvCommand.Type.DELETE && !exists) {
            return c.ifMatch() != KvCommand.ANY;
        }
        return mayFail(c);
    }

    private KeyModel applyBlind(KvCommand c) {
        if (c.type() == KvCommand.Type.DELETE) {
            return new KeyModel(false, null, 0, UNKNOWN, UNKNOWN, UNKNOWN);
        }
        return exists
                ? new KeyModel(true, c.value(), version + 1, createRevision, UNKNOWN, UNKNOWN)
                : new KeyModel(true, c.value(), 1, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    private KeyModel applyKnown(KvCommand c, KvResult r) {
        switch (r.status()) {
            case PRECONDITION_FAILED:
                if (!mayFailPrecondition(c) || (c.ifMatch() != KvCommand.ANY && r.entry() != null
                        && r.entry().modRevision() == c.ifMatch() && !c.ifNoneMatch())) {
                    return null;
                }
                return observe(r.entry());
            case NOT_FOUND:
                return c.type() == KvCommand.Type.DELETE && !exists && c.ifMatch() == KvCommand.ANY ? this : null;
            case CREATED:
                if (exists || !mayPass(c) || !isWrite(r, c.value(), 1)) {
                    return null;
                }
                return new KeyModel(true, c.value(), 1, r.entry().modRevision(), r.entry().modRevision(), r.revision());
            case REPLACED:
                if (!exists || !mayPass(c) || !isWrite(r, c.value(), version + 1)
                        || !matches(createRevision, r.entry().createRevision())) {
                    return null;
                }
                return new KeyModel(true, c.value(), version + 1, r.entry().createRevision(), r.revision(), r.revision());
            case DELETED:
                if (!exists || !mayPass(c) || observe(r.entry()) == null || !newer(r.revision())) {
                    return null;
                }
                return new KeyModel(false, null, 0, UNKNOWN, UNKNOWN, r.revision());
            default:
                return null;
        }
    }

    private boolean isWrite(KvResult r, String value, long expectedVersion) {
        KvEntry e = r.entry();
        return e != null && e.value().equals(value) && e.version() == expectedVersion
                && e.modRevision() == r.revision() && newer(r.revision());
    }

    private boolean newer(long revision) {
        return lastWriteRevision == UNKNOWN || revision > lastWriteRevision;
    }

    private static boolean matches(long known, long actual) {
        return known == UNKNOWN || known == actual;
    }

    /** This state refined by what a reader saw, or null if the reader could not have seen it. */
    KeyModel observe(KvEntry e) {
        if (e == null) {
            return exists ? null : this;
        }
        if (!exists || !e.value().equals(value) || e.version() != version
                || !matches(createRevision, e.createRevision()) || !matches(modRevision, e.modRevision())) {
            return null;
        }
        return new KeyModel(true, value, version, e.createRevision(), e.modRevision(), e.modRevision());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyModel)) {
            return false;
        }
        KeyModel m = (KeyModel) o;
        return m.exists == exists && Objects.equals(m.value, value) && m.version == version
                && m.createRevision == createRevision && m.modRevision == modRevision
                && m.lastWriteRevision == lastWriteRevision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(exists, value, version, createRevision, modRevision, lastWriteRevision);
    }

    @Override
    public String toString() {
        return exists ? value + "(v" + version + " c" + createRevision + " m" + modRevision + ")" : "absent";
    }
}
