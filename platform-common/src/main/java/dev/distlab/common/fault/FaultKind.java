package dev.distlab.common.fault;

import java.util.Locale;

/** What an injected fault does (see {@link FaultRegistry}); the wire name is the lowercase constant name. */
public enum FaultKind {
    /** Out: the call hangs until its own timeout, like a lost packet. In: the request is held, then 503. */
    DROP,
    /** Out or in: the call or request waits {@code delayMs} first. */
    DELAY,
    /** Out: the connection is refused at once. In: 503 problem+json. */
    FAIL,
    /** The service's wall clock runs {@code offsetMs} off. */
    CLOCK,
    /** A crash point halts the process with a probability (or {@code target: "now"}: at once). */
    CRASH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the kind acts on calls, so that it has a direction, a target and a path. */
    public boolean isNetwork() {
        return this == DROP || this == DELAY || this == FAIL;
    }

    static FaultKind parse(String value) {
        for (FaultKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
