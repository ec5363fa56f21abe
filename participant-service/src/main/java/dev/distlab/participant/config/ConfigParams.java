package dev.distlab.participant.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.participant.config.ConfigStore.Consistency;
import jakarta.servlet.http.HttpServletRequest;

/** Parses and checks query parameters and conditional headers; bad values are 400 problems. */
final class ConfigParams {

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 300;
    /** A JSON string value may hold at most this many UTF-8 bytes. */
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern STRONG_ETAG = Pattern.compile("\"([0-9]{1,18})\"");

    private ConfigParams() {
    }

    /** {@code linearizable} (default) or {@code stale}. */
    static Consistency consistency(String value) {
        if (value == null || value.equals("linearizable")) {
            return Consistency.LINEARIZABLE;
        }
        if (value.equals("stale")) {
            return Consistency.STALE;
        }
        throw bad("Parameter 'consistency' must be 'linearizable' or 'stale'");
    }

    /** A revision: a non-negative integer; null when absent. */
    static Long revision(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw bad("Parameter '" + name + "' must be a non-negative integer revision");
        }
        return Long.parseLong(value);
    }

    /** Whole seconds, 0 to 300, default 30. */
    static Duration timeout(String value) {
        if (value == null) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        if (!DIGITS.matcher(value).matches() || Long.parseLong(value) > MAX_TIMEOUT_SECONDS) {
            throw bad("Parameter 'timeout' must be a whole number of seconds from 0 to " + MAX_TIMEOUT_SECONDS);
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /**
     * The write precondition from {@code If-Match: "<modRevision>"} and {@code If-None-Match: *}. Weak tags,
     * lists and {@code If-Match: *} are refused with 400 rather than guessed at.
     */
    static Precondition precondition(HttpServletRequest request, boolean allowIfNoneMatch) {
        String ifMatch = single(request, HttpHeaders.IF_MATCH);
        String ifNoneMatch = single(request, HttpHeaders.IF_NONE_MATCH);
        if (ifMatch != null && ifNoneMatch != null) {
            throw bad("Use If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch != null) {
            if (!allowIfNoneMatch) {
                throw bad("If-None-Match is not supported here");
            }
            if (!ifNoneMatch.equals("*")) {
                throw bad("If-None-Match must be '*' (create only)");
            }
            return Precondition.ABSENT;
        }
        if (ifMatch != null) {
            var m = STRONG_ETAG.matcher(ifMatch);
            if (!m.matches()) {
                throw bad("If-Match must be one strong entity tag: the quoted modRevision, e.g. \"42\"");
            }
            return new Precondition(Long.parseLong(m.group(1)), false);
        }
        return Precondition.NONE;
    }

    private static String single(HttpServletRequest request, String name) {
        List<String> values = Collections.list(request.getHeaders(name));
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw bad("Only one " + name + " header is allowed");
        }
        return values.get(0).trim();
    }

    /**
     * Checks a value's size in UTF-8 bytes (at most 64 KiB) and that it is well-formed Unicode (no lone
     * surrogates, which could not be stored faithfully).
     */
    static void checkValue(String value) {
        String problem = valueProblem(value);
        if (problem != null) {
            throw bad("Field 'value' " + problem);
        }
    }

    /** What is wrong with a value ("contains ...", "has ..."), or null if it may be stored: see {@link #checkValue}. */
    static String valueProblem(String value) {
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return "contains an unpaired surrogate";
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate";
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_VALUE_BYTES) {
            return "has " + bytes + " UTF-8 bytes, more than the limit of " + MAX_VALUE_BYTES;
        }
        return null;
    }

    static ProblemException bad(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    /**
     * {@code ifMatch} is the If-Match modRevision, or -1 without If-Match (0 is a valid tag that never matches,
     * as mod revisions start at 1); {@code absent} means If-None-Match: * (create only).
     */
    record Precondition(long ifMatch, boolean absent) {
        static final Precondition NONE = new Precondition(-1, false);
        static final Precondition ABSENT = new Precondition(-1, true);

        boolean hasIfMatch() {
            return ifMatch >= 0;
        }
    }
}
