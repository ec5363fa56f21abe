package dev.distlab.check.register;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Wing and Gong's search for a linearization of one key's operations, with Lowe's memoisation: a
 * configuration (the set of operations already placed, and the register's value) that was reached before
 * is never explored again — it either failed or is on the current path. Depth-first over the orders real
 * time allows; the search keeps its own stack, since a history of thousands of operations is thousands of
 * levels deep. Operations whose outcome is unknown may be placed at any point after their invocation, or
 * never: the search succeeds once every completed operation is placed.
 *
 * <p>The search stops after {@code budget} steps (a step places one operation) with {@link Verdict#UNKNOWN}.
 * When it fails or gives up, it reports the deepest point it reached (the most completed operations placed):
 * the register's value there, the operation that set it, and the operations open at that point — the ones
 * no order could place next.
 */
final class LinearizabilitySearch {

    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /** The deepest point reached: value, the operation that set it (null: the initial value), open operations. */
    record Stuck(int placedCompleted, Object state, RegisterOp setBy, List<RegisterOp> open) {
    }

    record Outcome(Verdict verdict, long steps, Stuck stuck) {
    }

    /** One level of the search: the operations that may go next, and which one is being tried. */
    private static final class Frame {
        final int[] candidates;
        int next;
        int tried = -1;
        Object stateBefore;

        Frame(int[] candidates) {
            this.candidates = candidates;
        }
    }

    /**
     * A configuration for the memo. The placed set is mostly a prefix of the operations (sorted by
     * invocation), so only the words from the first unplaced operation on are kept: memory grows with the
     * width of the concurrency window, not with the length of the history.
     */
    private record Configuration(int fromWord, long[] words, Object state) {
        static Configuration of(BitSet placed, Object state) {
            int fromWord = placed.nextClearBit(0) / 64;
            long[] all = placed.toLongArray();
            long[] words = fromWord < all.length ? Arrays.copyOfRange(all, fromWord, all.length) : new long[0];
            return new Configuration(fromWord, words, state);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Configuration c && c.fromWord == fromWord && Arrays.equals(c.words, words)
                    && Objects.equals(c.state, state);
        }

        @Override
        public int hashCode() {
            return (fromWord * 31 + Arrays.hashCode(words)) * 31 + Objects.hashCode(state);
        }
    }

    private final List<RegisterOp> ops;
    private final long budget;
    private final int completedCount;
    private final BitSet placed = new BitSet();
    private final Set<Configuration> seen = new HashSet<>();

    /** {@code ops} sorted by invocation. */
    LinearizabilitySearch(List<RegisterOp> ops, long budget) {
        this.ops = List.copyOf(ops);
        this.budget = budget;
        this.completedCount = (int) ops.stream().filter(RegisterOp::completed).count();
    }

    Outcome run() {
        Object state = null; // every key starts absent
        int placedCompleted = 0;
        if (completedCount == 0) {
            return new Outcome(Verdict.LINEARIZABLE, 0, null); // no outcome known: none need have happened
        }
        Deque<Frame> stack = new ArrayDeque<>();
        seen.add(Configuration.of(placed, state));
        stack.push(new Frame(candidates(state)));
        Stuck deepest = stuck(stack, 0, state);
        long steps = 0;
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.tried >= 0) { // back from a dead end: undo the last try
                placed.clear(frame.tried);
                placedCompleted -= ops.get(frame.tried).completed() ? 1 : 0;
                state = frame.stateBefore;
                frame.tried = -1;
            }
            if (frame.next == frame.candidates.length) {
                stack.pop();
                continue;
            }
            if (steps++ == budget) {
                return new Outcome(Verdict.UNKNOWN, steps - 1, deepest);
            }
            int i = frame.candidates[frame.next++];
            RegisterOp op = ops.get(i);
            frame.tried = i;
            frame.stateBefore = state;
            placed.set(i);
            placedCompleted += op.completed() ? 1 : 0;
            state = op.apply(state);
            if (placedCompleted == completedCount) {
                return new Outcome(Verdict.LINEARIZABLE, steps, null); // the unknown rest never took effect
            }
            if (seen.add(Configuration.of(placed, state))) {
                stack.push(new Frame(candidates(state)));
                if (placedCompleted > deepest.placedCompleted()) {
                    deepest = stuck(stack, placedCompleted, state);
                }
            }
        }
        return new Outcome(Verdict.NOT_LINEARIZABLE, steps, deepest);
    }

    /**
     * The operations that may be placed next in {@code state}: unplaced ones invoked before the earliest
     * completion of any unplaced operation (otherwise that one would have to come first), and legal in
     * {@code state}. A read that sees the current value is then the only candidate: placing it changes
     * nothing and only lifts a real-time constraint, so if any order works, one with it first does. Otherwise
     * completed operations come first, earliest completion first, then the unknown ones: a linearizable
     * history then goes through with hardly any backtracking.
     */
    private int[] candidates(Object state) {
        long firstCompletion = firstCompletion();
        List<Integer> completed = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (int i = placed.nextClearBit(0); i < ops.size(); i = placed.nextClearBit(i + 1)) {
            RegisterOp op = ops.get(i);
            if (op.invokedAt() > firstCompletion) {
                break; // sorted by invocation: no later one can go next either
            }
            if (!op.legalIn(state)) {
                continue;
            }
            if (op.kind() == RegisterOp.Kind.READ) {
                return new int[] {i};
            }
            (op.completed() ? completed : unknown).add(i);
        }
        completed.sort(Comparator.comparingLong(i -> ops.get(i).completedAt()));
        completed.addAll(unknown);
        return completed.stream().mapToInt(Integer::intValue).toArray();
    }

    private long firstCompletion() {
        long first = Long.MAX_VALUE;
        for (int i = placed.nextClearBit(0); i < ops.size(); i = placed.nextClearBit(i + 1)) {
            RegisterOp op = ops.get(i);
            if (op.invokedAt() > first) {
                break; // it and every later one complete after their invocation, so after first
            }
            first = Math.min(first, op.completedAt());
        }
        return first;
    }

    /** What the search faces at this point, for the anomaly: the value, who set it, the open operations. */
    private Stuck stuck(Deque<Frame> stack, int placedCompleted, Object state) {
        RegisterOp setBy = null;
        for (Frame frame : stack) { // top of the stack first: the latest placement
            if (frame.tried >= 0 && ops.get(frame.tried).kind() != RegisterOp.Kind.READ) {
                setBy = ops.get(frame.tried);
                break;
            }
        }
        long firstCompletion = firstCompletion();
        List<RegisterOp> open = new ArrayList<>();
        for (int i = placed.nextClearBit(0); i < ops.size(); i = placed.nextClearBit(i + 1)) {
            RegisterOp op = ops.get(i);
            if (op.invokedAt() > firstCompletion) {
                break;
            }
            open.add(op);
        }
        return new Stuck(placedCompleted, state, setBy, open);
    }
}
