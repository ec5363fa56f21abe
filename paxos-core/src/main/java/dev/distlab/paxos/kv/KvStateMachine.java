package dev.distlab.paxos.kv;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.Value;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated versioned key-value map. Deterministic: replicas applying the same slots in the same
 * order reach the same state, and {@link #snapshot()} encodes it byte for byte the same.
 */
public final class KvStateMachine {
    private static final int FORMAT = 1;
    /**
     * Sessions remembered for deduplication. Each replica boot opens a fixed number, so this bounds memory
     * across many restarts; a retry from a session forgotten this long ago would be applied again.
     */
    static final int MAX_SESSIONS = 10_000;

    private final TreeMap<String, KvEntry> entries = new TreeMap<>();
    private final ArrayDeque<KvEvent> history = new ArrayDeque<>();
    /** Client sessions, least recently written first; beyond the limit the oldest is forgotten. */
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();
    private final int maxHistory;
    private long revision;
    private long compactRevision;
    private long appliedIndex;
    /** Characters of the keys and values held (history excluded): what the space quota counts. */
    private long dataBytes;

    /** @param maxHistory events kept for watches; older ones are compacted as new ones arrive */
    public KvStateMachine(int maxHistory) {
        this.maxHistory = maxHistory;
    }

    public KvStateMachine() {
        this(10_000);
    }

    /** Applies one chosen slot; returns each command's result keyed by its id, in batch order. */
    public Map<CommandId, KvResult> apply(long slot, Value value) {
        Map<CommandId, KvResult> results = new LinkedHashMap<>();
        if (slot <= appliedIndex) {
            return results;
        }
        for (Command c : value.commands()) {
            results.put(c.id(), apply(c));
        }
        appliedIndex = slot;
        return results;
    }

    /** At most once per command id: a retry of the client's latest request gets the first answer again. */
    KvResult apply(Command command) {
        CommandId id = command.id();
        Session s = sessions.get(id.clientId());
        if (s != null && id.seq() == s.lastSeq) {
            return s.lastResult;
        }
        if (s != null && id.seq() < s.lastSeq) {
            return new KvResult(KvResult.Status.STALE_REQUEST, null, revision);
        }
        KvResult r = execute(KvCommand.decode(command.payload()));
        sessions.remove(id.clientId()); // re-inserted last: the order is the order of last writes
        sessions.put(id.clientId(), new Session(id.seq(), r));
        if (sessions.size() > MAX_SESSIONS) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return r;
    }

    /** Runs a command without deduplication. */
    public KvResult execute(KvCommand c) {
        switch (c.type()) {
            case PUT:
                return put(c);
            case DELETE:
                return delete(c);
            default:
                return new KvResult(KvResult.Status.NOOP, null, revision);
        }
    }

    private KvResult put(KvCommand c) {
        KvEntry cur = entries.get(c.key());
        if (!preconditionHolds(c, cur)) {
            return new KvResult(KvResult.Status.PRECONDITION_FAILED, cur, revision);
        }
        long rev = ++revision;
        KvEntry next = cur == null
                ? new KvEntry(c.key(), c.value(), 1, rev, rev)
                : new KvEntry(c.key(), c.value(), cur.version() + 1, cur.createRevision(), rev);
        entries.put(c.key(), next);
        dataBytes += sizeOf(next) - (cur == null ? 0 : sizeOf(cur));
        record(new KvEvent(KvEvent.Type.PUT, c.key(), c.value(), rev));
        return new KvResult(cur == null ? KvResult.Status.CREATED : KvResult.Status.REPLACED, next, rev);
    }

    private KvResult delete(KvCommand c) {
        KvEntry cur = entries.get(c.key());
        if (cur == null) {
            return new KvResult(c.ifMatch() != KvCommand.ANY ? KvResult.Status.PRECONDITION_FAILED
                    : KvResult.Status.NOT_FOUND, null, revision);
        }
        if (!preconditionHolds(c, cur)) {
            return new KvResult(KvResult.Status.PRECONDITION_FAILED, cur, revision);
        }
        long rev = ++revision;
        entries.remove(c.key());
        dataBytes -= sizeOf(cur);
        record(new KvEvent(KvEvent.Type.DELETE, c.key(), null, rev));
        return new KvResult(KvResult.Status.DELETED, cur, rev);
    }

    private static boolean preconditionHolds(KvCommand c, KvEntry cur) {
        if (c.ifNoneMatch() && cur != null) {
            return false;
        }
        return c.ifMatch() == KvCommand.ANY || (cur != null && cur.modRevision() == c.ifMatch());
    }

    private void record(KvEvent e) {
        history.addLast(e);
        while (history.size() > maxHistory) {
            compactRevision = history.removeFirst().modRevision();
        }
    }

    // ---------------------------------------------------------------- queries

    /** Characters of the keys and values held, what a space quota compares against (history excluded). */
    public long dataBytes() {
        return dataBytes;
    }

    static long sizeOf(KvEntry e) {
        return e.key().length() + e.value().length();
    }

    public KvEntry get(String key) {
        return entries.get(key);
    }

    /** Entries whose key starts with {@code prefix}, sorted by key. */
    public List<KvEntry> range(String prefix) {
        List<KvEntry> out = new ArrayList<>();
        for (KvEntry e : entries.tailMap(prefix, true).values()) {
            if (!e.key().startsWith(prefix)) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    public long revision() {
        return revision;
    }

    public long compactRevision() {
        return compactRevision;
    }

    /** The last Paxos slot applied. */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** Changes under {@code prefix} after {@code afterRevision} in revision order, unless compacted. */
    public EventsResult eventsAfter(String prefix, long afterRevision) {
        if (afterRevision < compactRevision) {
            return EventsResult.compacted(revision, compactRevision);
        }
        List<KvEvent> out = new ArrayList<>();
        for (Iterator<KvEvent> it = history.descendingIterator(); it.hasNext(); ) {
            KvEvent e = it.next();
            if (e.modRevision() <= afterRevision) {
                break;
            }
            if (e.key().startsWith(prefix)) {
                out.add(e);
            }
        }
        java.util.Collections.reverse(out);
        return EventsResult.events(revision, compactRevision, out);
    }

    /** Forgets history at or below {@code upTo} (capped at the current revision). */
    public void compact(long upTo) {
        long target = Math.min(upTo, revision);
        while (!history.isEmpty() && history.peekFirst().modRevision() <= target) {
            history.removeFirst();
        }
        compactRevision = Math.max(compactRevision, target);
    }

    // ---------------------------------------------------------------- snapshots

    /** The whole state as bytes; small states and tests only ({@link #fork()} streams). */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            fork().writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A frozen copy of this state that another thread may write out while this one goes on applying: only
     * references are copied (entries, events and results are immutable), one array slot per key, so forking
     * costs a pass over the keys, not a copy of the data.
     */
    public Fork fork() {
        return new Fork(appliedIndex, revision, compactRevision, entries.values().toArray(new KvEntry[0]),
                history.toArray(new KvEvent[0]), sessions.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /** Replaces this state with a snapshot's. */
    public void restore(byte[] snapshot) {
        try {
            restore(new ByteArrayInputStream(snapshot));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt snapshot", e);
        }
    }

    /** Replaces this state with the snapshot read from {@code stream}, reading it once, front to back. */
    public void restore(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 64 * 1024));
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown snapshot format");
        }
        entries.clear();
        history.clear();
        sessions.clear();
        dataBytes = 0;
        appliedIndex = in.readLong();
        revision = in.readLong();
        compactRevision = in.readLong();
        for (int n = in.readInt(); n > 0; n--) {
            KvEntry e = Codec.readEntry(in);
            entries.put(e.key(), e);
            dataBytes += sizeOf(e);
        }
        for (int n = in.readInt(); n > 0; n--) {
            KvEvent.Type type = in.readBoolean() ? KvEvent.Type.PUT : KvEvent.Type.DELETE;
            history.addLast(new KvEvent(type, Codec.readString(in), Codec.readNullableString(in), in.readLong()));
        }
        for (int n = in.readInt(); n > 0; n--) {
            String client = Codec.readString(in);
            long seq = in.readLong();
            KvResult.Status status = KvResult.Status.values()[in.readByte()];
            KvResult r = new KvResult(status, Codec.readNullableEntry(in), in.readLong());
            sessions.put(client, new Session(seq, r));
        }
    }

    /** A state frozen by {@link KvStateMachine#fork()}, written in the snapshot format by any thread. */
    public static final class Fork {
        private final long appliedIndex;
        private final long revision;
        private final long compactRevision;
        private final KvEntry[] entries;
        private final KvEvent[] history;
        private final List<Map.Entry<String, Session>> sessions;

        private Fork(long appliedIndex, long revision, long compactRevision, KvEntry[] entries, KvEvent[] history,
                List<Map.Entry<String, Session>> sessions) {
            this.appliedIndex = appliedIndex;
            this.revision = revision;
            this.compactRevision = compactRevision;
            this.entries = entries;
            this.history = history;
            this.sessions = sessions;
        }

        /** The slot the state reflects. */
        public long appliedIndex() {
            return appliedIndex;
        }

        public long revision() {
            return revision;
        }

        /** Writes the state, the same bytes on every replica that applied the same slots. */
        public void writeTo(OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 64 * 1024));
            out.writeInt(FORMAT);
            out.writeLong(appliedIndex);
            out.writeLong(revision);
            out.writeLong(compactRevision);
            out.writeInt(entries.length);
            for (KvEntry e : entries) {
                Codec.writeEntry(out, e);
            }
            out.writeInt(history.length);
            for (KvEvent e : history) {
                out.writeBoolean(e.type() == KvEvent.Type.PUT);
                Codec.writeString(out, e.key());
                Codec.writeNullableString(out, e.value());
                out.writeLong(e.modRevision());
            }
            out.writeInt(sessions.size());
            for (Map.Entry<String, Session> s : sessions) {
                Codec.writeString(out, s.getKey());
                out.writeLong(s.getValue().lastSeq);
                KvResult r = s.getValue().lastResult;
                out.writeByte(r.status().ordinal());
                Codec.writeNullableEntry(out, r.entry());
                out.writeLong(r.revision());
            }
            out.flush();
        }
    }

    private static final class Session {
        final long lastSeq;
        final KvResult lastResult;

        Session(long lastSeq, KvResult lastResult) {
            this.lastSeq = lastSeq;
            this.lastResult = lastResult;
        }
    }
}
