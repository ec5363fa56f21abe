package dev.distlab.participant.config;

import java.io.ByteArrayOutputStream;

import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/** The key and prefix rules of the config store, and how a key is taken from the request path. */
final class ConfigKeys {

    static final String KEY_RULE = "a key is 1-512 characters of [A-Za-z0-9._~:/-] with no leading or trailing '/'"
            + " and no empty, '.' or '..' segment";
    static final String PREFIX_RULE = "a prefix is 0-512 characters of [A-Za-z0-9._~:/-]";

    private ConfigKeys() {
    }

    /**
     * The key named by the path after {@code base} (e.g. {@code /api/config/}). Taken from the raw request URI,
     * not the container's normalised path, so that {@code a/../b} is refused instead of silently becoming
     * {@code b}; percent-escapes are decoded first and the decoded key must follow the rule.
     */
    static String keyFromPath(HttpServletRequest request, String base) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (raw.indexOf(';') >= 0) {
            throw badKey("the path must not contain ';' (path parameters)");
        }
        String path = percentDecode(raw);
        if (!path.startsWith(base)) {
            throw badKey("the key is missing");
        }
        String key = path.substring(base.length());
        checkKey(key);
        return key;
    }

    /** Throws 400 naming the rule unless {@code key} is a valid key. */
    static void checkKey(String key) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw badKey(problem);
        }
    }

    /** What is wrong with the key, or null if it is valid: the one rule, shared with the Java client. */
    static String keyProblem(String key) {
        return dev.distlab.configclient.ConfigKeys.keyProblem(key);
    }

    /** Throws 400 unless {@code prefix} (null means empty) is a valid prefix; returns it, never null. */
    static String checkPrefix(String prefix) {
        try {
            return dev.distlab.configclient.ConfigKeys.checkPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Invalid prefix: " + PREFIX_RULE);
        }
    }

    /**
     * Strict RFC 3986 percent-decoding ('+' stays '+'). Bytes outside ASCII are kept as single chars, so they
     * fail the key alphabet instead of being guessed at.
     */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw badKey("the path has a malformed percent-escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static ProblemException badKey(String what) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "Invalid key: " + what + "; " + KEY_RULE);
    }
}
