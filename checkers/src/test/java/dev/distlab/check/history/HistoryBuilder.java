package dev.distlab.check.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds histories line by line for the checkers' tests: each line one millisecond after the previous one
 * unless {@link #at} moves the clock, completions pair with their process's open invocation.
 */
public final class HistoryBuilder {

    private static final long MS = 1_000_000;

    private final List<Op> ops = new ArrayList<>();
    private final Map<Integer, Op> open = new HashMap<>();
    private long time;

    /** Moves the clock to {@code millis} after the start; the next line gets this time. */
    public HistoryBuilder at(long millis) {
        time = millis * MS;
        return this;
    }

    public HistoryBuilder invoke(int process, String f, Object value) {
        Op op = Op.invoke(process, f, value, tick());
        if (open.put(process, op) != null) {
            throw new IllegalStateException("process " + process + " already has an open operation");
        }
        ops.add(op);
        return this;
    }

    public HistoryBuilder ok(int process, Object value) {
        return complete(process, OpType.OK, value, null, null);
    }

    public HistoryBuilder ok(int process, Object value, String node) {
        return complete(process, OpType.OK, value, node, null);
    }

    public HistoryBuilder fail(int process, Object value, String error) {
        return complete(process, OpType.FAIL, value, null, error);
    }

    public HistoryBuilder info(int process, Object value, String error) {
        return complete(process, OpType.INFO, value, null, error);
    }

    /** A whole operation at once: invoke then ok. */
    public HistoryBuilder okOp(int process, String f, Object invoked, Object completed) {
        return invoke(process, f, invoked).ok(process, completed);
    }

    /** A nemesis operation: an invocation and an info completion, as Jepsen writes them. */
    public HistoryBuilder nemesis(String f, List<String> targets) {
        Map<String, Object> value = Map.of("targets", targets);
        invoke(Op.NEMESIS, f, value);
        return complete(Op.NEMESIS, OpType.INFO, value, null, null);
    }

    public History build() {
        return new History(ops);
    }

    private HistoryBuilder complete(int process, OpType type, Object value, String node, String error) {
        Op invocation = open.remove(process);
        if (invocation == null) {
            throw new IllegalStateException("process " + process + " has no open operation");
        }
        ops.add(invocation.complete(type, value, tick(), node, error));
        return this;
    }

    private long tick() {
        long now = time;
        time += MS;
        return now;
    }
}
