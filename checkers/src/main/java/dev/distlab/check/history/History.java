package dev.distlab.check.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A recorded run: operations in the order they happened, each invocation later followed by its completion
 * from the same process (a process runs one operation at a time). Indices are assigned on the way in.
 */
public final class History {

    private final List<Op> ops;

    public History(List<Op> ops) {
        List<Op> indexed = new ArrayList<>(ops.size());
        for (Op op : ops) {
            indexed.add(op.index() == indexed.size() ? op : op.withIndex(indexed.size()));
        }
        this.ops = Collections.unmodifiableList(indexed);
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /**
     * Every client invocation paired with its completion, in invocation order. Nemesis operations are left
     * out (see {@link #nemesis()}). An invocation that never completed gets a null completion.
     */
    public List<Operation> operations() {
        return pair(op -> !op.isNemesis());
    }

    /** The fault injector's operations paired the same way. */
    public List<Operation> nemesis() {
        return pair(Op::isNemesis);
    }

    /** {@link #operations()} with function {@code f}. */
    public List<Operation> operations(String f) {
        return operations().stream().filter(o -> o.f().equals(f)).toList();
    }

    private List<Operation> pair(Predicate<Op> which) {
        List<Operation> result = new ArrayList<>();
        Map<Integer, Integer> open = new HashMap<>(); // process -> position in result of its open invocation
        for (Op op : ops) {
            if (!which.test(op)) {
                continue;
            }
            // Jepsen writes a nemesis operation as two info lines: the first one opens it
            if (op.type() == OpType.INVOKE || (op.isNemesis() && !open.containsKey(op.process()))) {
                open.put(op.process(), result.size());
                result.add(new Operation(op, null));
            } else {
                Integer at = open.remove(op.process());
                if (at == null) {
                    throw new IllegalArgumentException("completion without an invocation: " + op);
                }
                result.set(at, new Operation(result.get(at).invoke(), op));
            }
        }
        return result;
    }
}
