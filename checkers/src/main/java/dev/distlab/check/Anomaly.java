package dev.distlab.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.Operation;

/**
 * One thing a checker found wrong: a short {@code type} (e.g. {@code not-linearizable}, {@code wrong-total},
 * {@code missed-event}; each checker's class comment lists its own), a sentence an operator understands, and
 * the operations involved (invocations and completions, by index).
 */
public record Anomaly(String type, String description, List<Op> ops) {

    public Anomaly {
        ops = List.copyOf(ops);
    }

    /**
     * An anomaly naming whole operations: each one's invocation and completion lines, in history order, each
     * operation once however often it is passed.
     */
    public static Anomaly of(String type, String description, Collection<Operation> operations) {
        List<Op> ops = new ArrayList<>();
        for (Operation operation : new LinkedHashSet<>(operations)) {
            ops.add(operation.invoke());
            if (operation.completion() != null) {
                ops.add(operation.completion());
            }
        }
        ops.sort(Comparator.comparingLong(Op::index));
        return new Anomaly(type, description, ops);
    }
}
