package dev.distlab.check.history;

/**
 * An invocation and what became of it. {@code completion} is null when the history ends before it
 * completed; {@link #type()} then says {@link OpType#INFO}, as Jepsen treats it.
 */
public record Operation(Op invoke, Op completion) {

    public OpType type() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public String f() {
        return invoke.f();
    }

    public int process() {
        return invoke.process();
    }

    /** The completion's value when there is one (it carries what was read), else the invocation's. */
    public Object value() {
        return completion != null && completion.value() != null ? completion.value() : invoke.value();
    }

    /** Why it did not succeed, as recorded; "no completion recorded" when the history ends before it. */
    public String error() {
        return completion == null ? "no completion recorded" : completion.error();
    }

    /** Start time, nanoseconds since the run began. */
    public long start() {
        return invoke.time();
    }

    /** End time, or {@link Long#MAX_VALUE} if the outcome is unknown: it may take effect at any later point. */
    public long end() {
        return type() == OpType.INFO ? Long.MAX_VALUE : completion.time();
    }
}
