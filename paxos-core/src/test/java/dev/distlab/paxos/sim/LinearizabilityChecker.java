package dev.distlab.paxos.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Wing–Gong search with memoization (as in Lowe's and Knossos' checkers), one key at a time: keys are
 * independent objects, so the history is linearizable iff each key's is. Operations with unknown outcome
 * may take effect at any point after their invocation, or never. Revisions are store-wide, so a separate
 * pass checks that they respect real-time order across keys.
 */
final class LinearizabilityChecker {

    /** @return false if some key's history was too large to decide (no violation found in what was searched) */
    static boolean check(List<Op> history) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op op : history) {
            byKey.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
        }
        boolean conclusive = true;
        for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
            try {
                if (!new KeySearch(e.getValue()).linearizable()) {
                    throw new Violation("history of key " + e.getKey() + " is not linearizable:\n  "
                            + describe(e.getValue()));
                }
            } catch (Inconclusive tooBig) {
                conclusive = false;
            }
        }
        checkRevisionOrder(history);
        return conclusive;
    }

    /** A write that completed before another was invoked must have the lower revision. */
    private static void checkRevisionOrder(List<Op> history) {
        List<Op> writes = new ArrayList<>();
        for (Op op : history) {
            if (!op.isRead() && op.isCompleted() && op.result.isWrite()) {
                writes.add(op);
            }
        }
        writes.sort((a, b) -> Long.compare(a.complete, b.complete));
        long maxRevisionCompleted = 0;
        Op maxOp = null;
        int i = 0;
        List<Op> byInvoke = new ArrayList<>(writes);
        byInvoke.sort((a, b) -> Long.compare(a.invoke, b.invoke));
        for (Op b : byInvoke) {
            while (i < writes.size() && writes.get(i).complete < b.invoke) {
                if (writes.get(i).result.revision() > maxRevisionCompleted) {
                    maxRevisionCompleted = writes.get(i).result.revision();
                    maxOp = writes.get(i);
                }
                i++;
            }
            if (b.result.revision() <= maxRevisionCompleted) {
                throw new Violation("revision order breaks real time: " + maxOp + " completed before " + b);
            }
        }
    }

    private static String describe(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(op).append("\n  ");
        }
        return sb.toString();
    }

    /** The search space outgrew the budget: the run is reported as unchecked rather than hanging. */
    static final class Inconclusive extends RuntimeException {
        Inconclusive() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_STATES = 200_000;

    private static final class KeySearch {
        private final List<Op> ops;
        private final int required;
        private final Set<Memo> seen = new HashSet<>();

        KeySearch(List<Op> ops) {
            this.ops = new ArrayList<>(ops);
            this.ops.sort((a, b) -> Long.compare(a.invoke, b.invoke));
            this.required = (int) ops.stream().filter(Op::hasOutcome).count();
        }

        boolean linearizable() {
            return search(KeyModel.ABSENT, new BitSet(), 0);
        }

        private boolean search(KeyModel state, BitSet done, int completedDone) {
            if (completedDone == required) {
                return true;
            }
            if (!seen.add(new Memo(done, state))) {
                return false;
            }
            if (seen.size() > MAX_STATES) {
                throw new Inconclusive();
            }
            long horizon = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                horizon = Math.min(horizon, ops.get(i).complete);
            }
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                Op op = ops.get(i);
                if (op.invoke > horizon) {
                    break;
                }
                for (KeyModel next : state.step(op)) {
                    BitSet d = (BitSet) done.clone();
                    d.set(i);
                    if (search(next, d, completedDone + (op.hasOutcome() ? 1 : 0))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static final class Memo {
        final BitSet done;
        final KeyModel state;

        Memo(BitSet done, KeyModel state) {
            this.done = done;
            this.state = state;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Memo && ((Memo) o).done.equals(done) && ((Memo) o).state.equals(state);
        }

        @Override
        public int hashCode() {
            return Objects.hash(done, state);
        }
    }
}
