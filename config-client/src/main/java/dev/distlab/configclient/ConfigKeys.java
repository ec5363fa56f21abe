package dev.distlab.configclient;

import java.util.List;

/**
 * The store's key and prefix rules, checked before anything is sent: a key is 1-512 characters of
 * {@code [A-Za-z0-9._~:/-]} with no leading or trailing '/' and no empty, '.' or '..' segment; a prefix is
 * 0-512 characters of the same alphabet. Every allowed character is URL-safe, so keys go into paths as they are.
 */
public final class ConfigKeys {

    public static final int MAX_KEY_LENGTH = 512;

    /**
     * The platform's own keyspace, the one list of it: a key whose first segment is one of these is written (PUT,
     * DELETE) only with the cluster token ({@code Authorization: Bearer <token>}); anyone may still read it.
     * {@code tx/} holds the two-phase-commit decisions participants apply, {@code bank/} the shard map
     * ({@code bank/accounts/}) and idempotency records ({@code bank/idempotency/}), {@code gateway/} the balancer
     * settings every gateway follows, and {@code platform/} is kept for the platform's future state. A prefix is a
     * whole first segment: {@code txx/a} and {@code bankx} are ordinary keys.
     */
    public static final List<String> RESERVED_PREFIXES = List.of("tx/", "bank/", "gateway/", "platform/");

    private ConfigKeys() {
    }

    /** Throws {@link IllegalArgumentException} naming the rule unless {@code key} is a valid key. */
    public static String checkKey(String key) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid config key: " + problem + "; a key is 1-512 characters "
                    + "of [A-Za-z0-9._~:/-] with no leading or trailing '/' and no empty, '.' or '..' segment");
        }
        return key;
    }

    /** What is wrong with the key, or null if it is valid. */
    public static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "the key is empty";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "the key has " + key.length() + " characters, more than " + MAX_KEY_LENGTH;
        }
        int bad = firstBadChar(key);
        if (bad >= 0) {
            return "the key contains a character outside [A-Za-z0-9._~:/-] at index " + bad;
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            return "the key starts or ends with '/'";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "the key has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    /**
     * The reserved prefix (one of {@link #RESERVED_PREFIXES}, e.g. {@code "tx/"}) that {@code key} lies under,
     * or null for an ordinary key. The key's first segment decides, so {@code tx/1/decision} and a bare {@code tx}
     * are reserved, {@code txx/a} is not.
     */
    public static String reservedPrefix(String key) {
        int slash = key.indexOf('/');
        String prefix = (slash < 0 ? key : key.substring(0, slash)) + "/";
        return RESERVED_PREFIXES.contains(prefix) ? prefix : null;
    }

    /** Throws {@link IllegalArgumentException} unless {@code prefix} is valid; null means the empty prefix. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        if (prefix.length() > MAX_KEY_LENGTH || firstBadChar(prefix) >= 0) {
            throw new IllegalArgumentException(
                    "Invalid config prefix: a prefix is 0-512 characters of [A-Za-z0-9._~:/-]");
        }
        return prefix;
    }

    private static int firstBadChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '~' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return i;
            }
        }
        return -1;
    }
}
