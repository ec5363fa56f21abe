package dev.distlab.check.history;

import java.util.Locale;

/**
 * Jepsen's operation types: {@code invoke} starts an operation; {@code ok} says it took effect, {@code fail}
 * that it certainly did not, {@code info} that nobody knows (a timeout, a crash, a lost answer).
 */
public enum OpType {
    INVOKE, OK, FAIL, INFO;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OpType fromJson(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
