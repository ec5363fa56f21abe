package dev.distlab.configclient;

/**
 * The store's key and prefix rules, checked before anything is sent: a key is 1-512 characters of
 * {@code [A-Za-z0-9._~:/-]} with no leading or trailing '/' and no empty, '.' or '..' segment; a prefix is
 * 0-512 characters of the same alphabet. Every allowed character is URL-safe, so keys go into paths as they are.
 */
public final class ConfigKeys {

    public static final int MAX_KEY_LENGTH = 512;

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
