package dev.distlab.configclient;

import java.util.Objects;

/**
 * One write of a batch ({@link ConfigClient#writeAll}): a PUT or a DELETE of one key with the precondition its single
 * call would have ({@link ConfigClient#putIfAbsent}, {@link ConfigClient#putIfMatch}, ...). The key is checked here,
 * before anything is sent.
 */
public final class Write {

    /** What the write does. */
    public enum Method { PUT, DELETE }

    /** {@link #ifMatch()} of a write without an If-Match precondition. */
    public static final long ANY_REVISION = -1;

    private final Method method;
    private final String key;
    private final String value;
    private final long ifMatch;
    private final boolean ifAbsent;

    private Write(Method method, String key, String value, long ifMatch, boolean ifAbsent) {
        this.method = method;
        this.key = ConfigKeys.checkKey(key);
        this.value = method == Method.PUT ? Objects.requireNonNull(value, "value") : null;
        if (ifMatch < ANY_REVISION) {
            throw new IllegalArgumentException("A revision is a non-negative number, not " + ifMatch);
        }
        this.ifMatch = ifMatch;
        this.ifAbsent = ifAbsent;
    }

    /** Creates or replaces an entry, as {@link ConfigClient#put}. */
    public static Write put(String key, String value) {
        return new Write(Method.PUT, key, value, ANY_REVISION, false);
    }

    /** Creates an entry only if the key is absent, as {@link ConfigClient#putIfAbsent}. */
    public static Write putIfAbsent(String key, String value) {
        return new Write(Method.PUT, key, value, ANY_REVISION, true);
    }

    /** Replaces an entry only if its modRevision is {@code modRevision}, as {@link ConfigClient#putIfMatch}. */
    public static Write putIfMatch(String key, String value, long modRevision) {
        return new Write(Method.PUT, key, value, requireRevision(modRevision), false);
    }

    /** Deletes an entry, as {@link ConfigClient#delete}. */
    public static Write delete(String key) {
        return new Write(Method.DELETE, key, null, ANY_REVISION, false);
    }

    /** Deletes an entry only if its modRevision is {@code modRevision}, as {@link ConfigClient#deleteIfMatch}. */
    public static Write deleteIfMatch(String key, long modRevision) {
        return new Write(Method.DELETE, key, null, requireRevision(modRevision), false);
    }

    public Method method() {
        return method;
    }

    public String key() {
        return key;
    }

    /** The value of a PUT; null for a DELETE. */
    public String value() {
        return value;
    }

    /** The modRevision the write needs, or {@link #ANY_REVISION}. */
    public long ifMatch() {
        return ifMatch;
    }

    /** Whether the write only creates (If-None-Match: *). */
    public boolean ifAbsent() {
        return ifAbsent;
    }

    private static long requireRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("A revision is a non-negative number, not " + revision);
        }
        return revision;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Write w && w.method == method && w.key.equals(key) && Objects.equals(w.value, value)
                && w.ifMatch == ifMatch && w.ifAbsent == ifAbsent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, key, value, ifMatch, ifAbsent);
    }

    @Override
    public String toString() {
        return method + " " + key + (ifAbsent ? " if absent" : ifMatch >= 0 ? " if modRevision " + ifMatch : "");
    }
}
