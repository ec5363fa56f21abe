package dev.distlab.common.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.distlab.common.problem.InvalidField;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;

/**
 * A fault as asked for, checked and with its defaults filled in. Fields that do not apply to the kind (a target
 * for a clock fault, an offset for a drop) are left out rather than refused, so a client may send one shape for
 * every kind.
 */
public record FaultSpec(FaultKind kind, FaultDirection direction, String target, String path, double probability,
        Long delayMs, Long offsetMs, long durationMs) {

    public static final String ANY_TARGET = "*";
    /** The crash target that halts the process right after the answer, instead of at a crash point. */
    public static final String CRASH_NOW = "now";
    public static final long DEFAULT_DURATION_MS = 60_000;
    static final long MAX_DURATION_MS = 3_600_000;
    static final long MAX_DELAY_MS = 60_000;
    static final long MAX_OFFSET_MS = 86_400_000;

    private static final Pattern TARGET = Pattern.compile("\\*|[A-Za-z0-9._\\-\\[\\]]+(:[0-9]{1,5})?");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/\\-]*");

    /**
     * Checks raw input and fills in defaults: direction {@code out}, target {@code *}, probability 1, duration
     * 60 s. Throws a 400 {@link ProblemException} naming every refused field; nothing is created then.
     */
    public static FaultSpec of(String kind, String direction, String target, String path, Double probability,
            Long delayMs, Long offsetMs, Long durationMs) {
        List<InvalidField> errors = new ArrayList<>();
        FaultKind k = kind == null ? null : FaultKind.parse(kind);
        if (k == null) {
            errors.add(new InvalidField("kind", "must be one of drop, delay, fail, clock, crash"));
        }
        FaultDirection d = null;
        String t = null;
        String p = null;
        if (k != null && k.isNetwork()) {
            d = direction == null ? FaultDirection.OUT : FaultDirection.parse(direction);
            if (d == null) {
                errors.add(new InvalidField("direction", "must be out or in"));
            }
            if (d == FaultDirection.OUT) {
                t = target == null || target.isBlank() ? ANY_TARGET : target.trim();
                if (t.length() > 200 || !TARGET.matcher(t).matches()) {
                    errors.add(new InvalidField("target", "must be an instance id, a host:port or *"));
                }
            }
            if (path != null && !path.isEmpty()) {
                if (path.length() > 200 || !PATH.matcher(path).matches()) {
                    errors.add(new InvalidField("path", "must be a path prefix starting with /"));
                }
                p = path;
            }
        }
        if (k == FaultKind.CRASH) {
            t = target;
            if (target == null || !(CRASH_NOW.equals(target) || CrashPoints.isValidName(target))) {
                errors.add(new InvalidField("target", "must be a crash point name (lowercase words joined by '.' "
                        + "or '-') or now"));
            }
        }
        double prob = probability == null ? 1.0 : probability;
        if (!(prob >= 0.0 && prob <= 1.0)) {
            errors.add(new InvalidField("probability", "must be between 0 and 1"));
        }
        Long delay = null;
        if (k == FaultKind.DELAY) {
            delay = delayMs;
            if (delayMs == null || delayMs < 1 || delayMs > MAX_DELAY_MS) {
                errors.add(new InvalidField("delayMs", "must be between 1 and " + MAX_DELAY_MS));
            }
        }
        Long offset = null;
        if (k == FaultKind.CLOCK) {
            offset = offsetMs;
            if (offsetMs == null || Math.abs(offsetMs) > MAX_OFFSET_MS) {
                errors.add(new InvalidField("offsetMs", "must be between -" + MAX_OFFSET_MS + " and "
                        + MAX_OFFSET_MS + " (one day)"));
            }
        }
        long duration = durationMs == null ? DEFAULT_DURATION_MS : durationMs;
        if (duration < 1 || duration > MAX_DURATION_MS) {
            errors.add(new InvalidField("durationMs", "must be between 1 and " + MAX_DURATION_MS));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problems.invalid(errors));
        }
        return new FaultSpec(k, d, t, p, prob, delay, offset, duration);
    }

    /** Whether this fault acts on an outgoing call to {@code authority} (host:port), known as {@code instanceId}. */
    boolean matchesOut(String authority, String instanceId, String rawPath) {
        if (!kind.isNetwork() || direction != FaultDirection.OUT || !matchesPath(rawPath)) {
            return false;
        }
        return ANY_TARGET.equals(target) || target.equalsIgnoreCase(authority)
                || (instanceId != null && target.equals(instanceId));
    }

    boolean matchesIn(String path) {
        return kind.isNetwork() && direction == FaultDirection.IN && matchesPath(path);
    }

    private boolean matchesPath(String rawPath) {
        return path == null || (rawPath != null && rawPath.startsWith(path));
    }

    /** In words, for the log: "drop out calls to participant-2 under /internal/paxos". */
    String describe() {
        String chance = probability < 1.0 ? " with probability " + probability : "";
        return switch (kind) {
            case CLOCK -> "clock offset of " + offsetMs + " ms";
            case CRASH -> CRASH_NOW.equals(target) ? "crash of this process now"
                    : "crash at point " + target + chance;
            default -> kind.wireName() + (kind == FaultKind.DELAY ? " of " + delayMs + " ms" : "") + " on "
                    + (direction == FaultDirection.OUT ? "calls to " + target : "incoming requests")
                    + (path == null ? "" : " under " + path) + chance;
        };
    }
}
