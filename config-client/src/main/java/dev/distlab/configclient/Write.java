package dev.distlab.configclient;

import java.util.Objects;

/**
 * One write of a batch ({@link ConfigClient#writeAll}): a PUT or a DELETE of one key with the precondition its single
 * call would have ({@link ConfigClient#putIfAbsent}, {@link ConfigClient#putIfMatch}, ...). The key is checked here,
 * before anything is sent.
 */
public record Write(Method method, String key, String value, long ifMatch, boolean ifAbsent) {

    /** What the write does. */
    public enum Method { PUT, DELETE }

    /** {@link #ifMatch()} of a write without an If-Match precondition. */
    public static final long ANY_REVISION = -1;

    /**
     * {@code value}: the PUT's, null for a DELETE; {@code ifMatch}: the modRevision the write needs, or
     * {@link #ANY_REVISION}; {@code ifAbsent}: a PUT that only creates (If-None-Match: *), not with {@code ifMatch}.
     */
    public Write {
        Objects.requireNonNull(method, "method");
        ConfigKeys.checkKey(key);
        if (method == Method.PUT) {
            Objects.requireNonNull(value, "value");
        } else if (value != null) {
            throw new IllegalArgumentException("A DELETE has no value");
        }
        if (ifMatch < ANY_REVISION) {
            throw new IllegalArgumentException("A revision is a non-negative number, not " + ifMatch);
        }
        if (ifAbsent && (method != Method.PUT || ifMatch != ANY_REVISION)) {
            throw new IllegalArgumentException("Only a PUT without If-Match can be create-only");
        }
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

    private static long requireRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("A revision is a non-negative number, not " + revision);
        }
        return revision;
    }

    @Override
    public String toString() {
        return method + " " + key + (ifAbsent ? " if absent" : ifMatch >= 0 ? " if modRevision " + ifMatch : "");
    }
}
