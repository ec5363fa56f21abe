package dev.distlab.verify.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * The run's history as it happens: every invocation and completion gets the next index and its time in
 * nanoseconds since the run began, is written at once as a JSON line (so a run cut short still leaves its
 * history on disk) and is kept for the checkers. Safe to call from every client thread and the nemesis.
 */
public final class Recorder implements AutoCloseable {

    private final long startNanos;
    private final Writer out;
    private final List<Op> ops = new ArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final ThreadLocal<Op> lastCompletion = new ThreadLocal<>();

    /** {@code out} receives one line per op and is flushed after each; null keeps the ops in memory only. */
    public Recorder(Writer out) {
        this.startNanos = System.nanoTime();
        this.out = out;
    }

    /** Nanoseconds since the run began. */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    public Op invoke(int process, String f, Object value) {
        return append(Op.invoke(process, f, value, 0));
    }

    public Op ok(Op invocation, Object value, String node) {
        return complete(invocation, OpType.OK, value, node, null);
    }

    public Op fail(Op invocation, Object value, String node, String error) {
        return complete(invocation, OpType.FAIL, value, node, error);
    }

    public Op info(Op invocation, Object value, String node, String error) {
        return complete(invocation, OpType.INFO, value, node, error);
    }

    public Op complete(Op invocation, OpType type, Object value, String node, String error) {
        Op completion = append(invocation.complete(type, value, 0, node, error));
        lastCompletion.set(completion);
        return completion;
    }

    /** The completion of the last operation this thread completed (null before its first), for back-off. */
    public Op lastCompletionOfThisThread() {
        return lastCompletion.get();
    }

    /** Stamps the op with the next index and the current time under one lock, so indices follow time. */
    private Op append(Op op) {
        synchronized (ops) {
            Op stamped = new Op(ops.size(), op.type(), op.f(), op.value(), op.process(), now(), op.node(),
                    op.error());
            ops.add(stamped);
            if (out != null) {
                try {
                    out.write(JsonLines.toLine(stamped));
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the history file", e);
                }
            }
            count(stamped);
            return stamped;
        }
    }

    private void count(Op op) {
        if (op.isNemesis()) {
            return;
        }
        switch (op.type()) {
            case OK -> ok.incrementAndGet();
            case FAIL -> failed.incrementAndGet();
            case INFO -> unknown.incrementAndGet();
            default -> { }
        }
    }

    /** Every op so far, in order. */
    public List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    /**
     * What one checker judges: the ops of the given client processes and every nemesis op (checkers use the
     * fault windows), in the order they happened, with their run-wide indices (see {@link Slice}).
     */
    public Slice sliceOf(Collection<Integer> processes) {
        Set<Integer> wanted = Set.copyOf(processes);
        return new Slice(ops().stream().filter(op -> op.isNemesis() || wanted.contains(op.process())).toList());
    }

    /**
     * A part of the run's history. {@link History} numbers its ops from 0, so {@link #original} maps an op a
     * checker points at back to its line in history.jsonl.
     */
    public record Slice(List<Op> ops) {

        public Slice {
            ops = List.copyOf(ops);
        }

        public History history() {
            return new History(ops);
        }

        public Op original(Op op) {
            return op.index() >= 0 && op.index() < ops.size() ? ops.get((int) op.index()) : op;
        }
    }

    public Counts counts() {
        return new Counts(ok.get(), failed.get(), unknown.get());
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Completed client operations so far, by outcome. */
    public record Counts(long ok, long fail, long info) {
    }
}
