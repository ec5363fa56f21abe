package dev.distlab.check.register;

import dev.distlab.check.Values;
import dev.distlab.check.history.Operation;

/**
 * One operation on one key of a cas register, as the search sees it. {@code invokedAt} and {@code completedAt}
 * are positions in the history (the index of the invocation and of the completion line): real-time order is
 * the order the lines were recorded in, as in Jepsen, so equal clock readings cannot blur it.
 * {@code completedAt} is {@link Long#MAX_VALUE} for an operation whose outcome is unknown: it may take effect
 * at any point after its invocation, or never.
 */
record RegisterOp(Kind kind, Object value, Object expected, long invokedAt, long completedAt, Operation source) {

    enum Kind { READ, WRITE, CAS }

    boolean completed() {
        return completedAt != Long.MAX_VALUE;
    }

    /** Whether this operation can take effect when the register holds {@code state}. */
    boolean legalIn(Object state) {
        return switch (kind) {
            case READ -> Values.same(value, state);
            case WRITE -> true;
            case CAS -> Values.same(expected, state);
        };
    }

    /** The register after this operation took effect in {@code state}. */
    Object apply(Object state) {
        return kind == Kind.READ ? state : value;
    }

    /** A short human description: {@code read #12 returned 3}, {@code cas #40 3→5}. */
    String describe() {
        long index = source.invoke().index();
        String unknown = completed() ? "" : " (outcome unknown)";
        return switch (kind) {
            case READ -> "read #" + index + " returned " + shown(value);
            case WRITE -> "write #" + index + " of " + shown(value) + unknown;
            case CAS -> "cas #" + index + " " + shown(expected) + "→" + shown(value) + unknown;
        };
    }

    static String shown(Object value) {
        return value == null ? "nothing" : String.valueOf(value);
    }
}
