package dev.distlab.paxos.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/** A write to the store with its optional precondition; encoded as the payload of a Paxos command. */
public final class KvCommand {
    public enum Type { PUT, DELETE, NOOP }

    /** No If-Match precondition (mod revisions start at 1). */
    public static final long ANY = 0;

    private final Type type;
    private final String key;
    private final String value;
    private final long ifMatch;
    private final boolean ifNoneMatch;

    private KvCommand(Type type, String key, String value, long ifMatch, boolean ifNoneMatch) {
        this.type = type;
        this.key = key;
        this.value = value;
        this.ifMatch = ifMatch;
        this.ifNoneMatch = ifNoneMatch;
    }

    public static KvCommand put(String key, String value) {
        return new KvCommand(Type.PUT, key, value, ANY, false);
    }

    /** If-Match: write only if the entry exists with this mod revision. */
    public static KvCommand putIfMatch(String key, String value, long modRevision) {
        return new KvCommand(Type.PUT, key, value, modRevision, false);
    }

    /** If-None-Match: *: create only. */
    public static KvCommand putIfAbsent(String key, String value) {
        return new KvCommand(Type.PUT, key, value, ANY, true);
    }

    public static KvCommand delete(String key) {
        return new KvCommand(Type.DELETE, key, null, ANY, false);
    }

    public static KvCommand deleteIfMatch(String key, long modRevision) {
        return new KvCommand(Type.DELETE, key, null, modRevision, false);
    }

    public static KvCommand noop() {
        return new KvCommand(Type.NOOP, "", null, ANY, false);
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

    public long ifMatch() {
        return ifMatch;
    }

    public boolean ifNoneMatch() {
        return ifNoneMatch;
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type.ordinal());
            Codec.writeString(out, key);
            Codec.writeNullableString(out, value);
            out.writeLong(ifMatch);
            out.writeBoolean(ifNoneMatch);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KvCommand decode(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            Type type = Type.values()[in.readByte()];
            String key = Codec.readString(in);
            String value = Codec.readNullableString(in);
            return new KvCommand(type, key, value, in.readLong(), in.readBoolean());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a KV command", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KvCommand)) {
            return false;
        }
        KvCommand c = (KvCommand) o;
        return c.type == type && c.key.equals(key) && Objects.equals(c.value, value) && c.ifMatch == ifMatch
                && c.ifNoneMatch == ifNoneMatch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, key, value, ifMatch, ifNoneMatch);
    }

    @Override
    public String toString() {
        String cond = ifMatch != ANY ? " if-match " + ifMatch : ifNoneMatch ? " if-none-match" : "";
        return type + " " + key + (value != null ? "=" + value : "") + cond;
    }
}
