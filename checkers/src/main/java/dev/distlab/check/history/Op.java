package dev.distlab.check.history;

import java.util.Objects;

/**
 * One line of a history, in Jepsen's shape. {@code value} holds JSON-shaped Java values only: null,
 * {@link Boolean}, {@link Long}, {@link Double}, {@link String}, {@link java.util.List} and
 * {@link java.util.Map} with String keys. {@code process} is the client that ran it, or {@link #NEMESIS}
 * for the fault injector (written as {@code "nemesis"}). {@code time} is nanoseconds since the run began.
 * {@code node} (the instance that answered) and {@code error} are optional.
 */
public record Op(long index, OpType type, String f, Object value, int process, long time, String node,
        String error) {

    public static final int NEMESIS = -1;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
    }

    public static Op invoke(int process, String f, Object value, long time) {
        return new Op(-1, OpType.INVOKE, f, value, process, time, null, null);
    }

    /** The completion of this invocation, same {@code f} and process. */
    public Op complete(OpType type, Object value, long time, String node, String error) {
        return new Op(-1, type, f, value, process, time, node, error);
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, type, f, value, process, time, node, error);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }
}
