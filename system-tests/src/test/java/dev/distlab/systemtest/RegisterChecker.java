package dev.distlab.systemtest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a recorded history of one register (reads and writes of unique values) is linearizable,
 * Jepsen-style: a write whose outcome is unknown may take effect at any point after its invocation, or
 * never. Depth-first search over the orders real time allows, memoising dead ends (Wing and Gong, with
 * Lowe's cache). The search keeps its own stack: a history of thousands of operations is thousands of
 * levels deep.
 */
final class RegisterChecker {

    /** One operation: {@code complete} is {@link Long#MAX_VALUE} for a write whose outcome is unknown. */
    record Op(String client, boolean write, String value, long invoke, long complete) {

        static Op write(String client, String value, long invoke, long complete) {
            return new Op(client, true, value, invoke, complete);
        }

        static Op unknownWrite(String client, String value, long invoke) {
            return new Op(client, true, value, invoke, Long.MAX_VALUE);
        }

        static Op read(String client, String observed, long invoke, long complete) {
            return new Op(client, false, observed, invoke, complete);
        }

        boolean completed() {
            return complete != Long.MAX_VALUE;
        }
    }

    /** One level of the search: the operations that may come next, and which one is being tried. */
    private static final class Frame {
        final Object memo;
        final List<Integer> candidates;
        int next;
        int tried = -1;
        String stateBefore;

        Frame(Object memo, List<Integer> candidates) {
            this.memo = memo;
            this.candidates = candidates;
        }
    }

    private final List<Op> ops;
    private final Set<Object> deadEnds = new HashSet<>();
    private final int completedCount;
    private final BitSet done = new BitSet();

    private RegisterChecker(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.completedCount = (int) ops.stream().filter(Op::completed).count();
    }

    /** Whether the history is linearizable, starting from {@code initial} (null: absent). */
    static boolean isLinearizable(List<Op> history, String initial) {
        return new RegisterChecker(history).search(initial);
    }

    private boolean search(String initial) {
        String state = initial;
        int doneCompleted = 0;
        if (completedCount == 0) {
            return true; // every write's outcome is unknown: none need have taken effect
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(memo(state), candidates(state)));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.tried >= 0) { // back from a dead end: undo the last try
                done.clear(frame.tried);
                doneCompleted -= ops.get(frame.tried).completed() ? 1 : 0;
                state = frame.stateBefore;
                frame.tried = -1;
            }
            if (frame.next == frame.candidates.size()) {
                deadEnds.add(frame.memo);
                stack.pop();
                continue;
            }
            int i = frame.candidates.get(frame.next++);
            Op op = ops.get(i);
            frame.tried = i;
            frame.stateBefore = state;
            done.set(i);
            doneCompleted += op.completed() ? 1 : 0;
            state = op.write() ? op.value() : state;
            if (doneCompleted == completedCount) {
                return true; // the remaining unknown writes never took effect
            }
            Object memo = memo(state);
            if (!deadEnds.contains(memo)) {
                stack.push(new Frame(memo, candidates(state)));
            }
        }
        return false;
    }

    private Object memo(String state) {
        return List.of(done.clone(), Objects.requireNonNullElse(state, "\u0000absent"));
    }

    /**
     * The operations that may be linearized next in {@code state}: those invoked before any pending
     * operation completed. A read that sees the current state may always go first (it changes nothing and
     * taking it early only lifts a real-time constraint), so when there is one it is the only candidate.
     */
    private List<Integer> candidates(String state) {
        long firstCompletion = Long.MAX_VALUE;
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            firstCompletion = Math.min(firstCompletion, ops.get(i).complete());
        }
        List<Integer> writes = new ArrayList<>();
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            Op op = ops.get(i);
            if (op.invoke() >= firstCompletion) {
                continue;
            }
            if (!op.write()) {
                if (Objects.equals(op.value(), state)) {
                    return List.of(i);
                }
            } else {
                writes.add(i);
            }
        }
        return writes;
    }
}
