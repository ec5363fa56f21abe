package dev.distlab.systemtest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a recorded history of one register (reads and writes of unique values) is linearizable,
 * Jepsen-style: a write whose outcome is unknown may take effect at any point after its invocation, or
 * never. Depth-first search over the orders real time allows, memoising dead ends (Wing and Gong, with
 * Lowe's cache).
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

    private final List<Op> ops;
    private final Set<Object> deadEnds = new HashSet<>();
    private final int completedCount;

    private RegisterChecker(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.completedCount = (int) ops.stream().filter(Op::completed).count();
    }

    /** Whether the history is linearizable, starting from {@code initial} (null: absent). */
    static boolean isLinearizable(List<Op> history, String initial) {
        return new RegisterChecker(history).search(new BitSet(), 0, initial);
    }

    private boolean search(BitSet done, int doneCompleted, String state) {
        if (doneCompleted == completedCount) {
            return true; // the remaining unknown writes never took effect
        }
        Object memo = List.of(done.clone(), Objects.requireNonNullElse(state, "\u0000absent"));
        if (deadEnds.contains(memo)) {
            return false;
        }
        // an operation may come next only if no pending operation completed before it was invoked
        long firstCompletion = Long.MAX_VALUE;
        for (int i = 0; i < ops.size(); i++) {
            if (!done.get(i)) {
                firstCompletion = Math.min(firstCompletion, ops.get(i).complete());
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!done.get(i) && ops.get(i).invoke() < firstCompletion) {
                candidates.add(i);
            }
        }
        for (int i : candidates) {
            Op op = ops.get(i);
            if (!op.write() && !Objects.equals(op.value(), state)) {
                continue;
            }
            done.set(i);
            boolean found = search(done, doneCompleted + (op.completed() ? 1 : 0), op.write() ? op.value() : state);
            done.clear(i);
            if (found) {
                return true;
            }
        }
        deadEnds.add(memo);
        return false;
    }
}
