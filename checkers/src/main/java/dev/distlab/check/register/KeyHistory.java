package dev.distlab.check.register;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.Values;
import dev.distlab.check.history.History;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;
import dev.distlab.check.register.RegisterOp.Kind;

/**
 * Splits a register history into one list of {@link RegisterOp} per key (Porcupine's decomposition: a
 * register per key is linearizable exactly when each key's sub-history is), keeping only what constrains
 * the search: failed operations certainly did not happen and are dropped, and so are reads that failed or
 * whose answer was lost (a read changes nothing). Operations whose value does not have the register shape
 * are set aside as malformed.
 */
final class KeyHistory {

    /** A final-read is a read made after every fault healed (see {@link RegisterChecker}). */
    static final Set<String> FUNCTIONS = Set.of("read", "final-read", "write", "cas");

    final Map<String, List<RegisterOp>> byKey = new LinkedHashMap<>();
    final List<Operation> malformed = new ArrayList<>();
    final List<String> malformedReasons = new ArrayList<>();
    /** Final reads that got no answer: the store did not come back after the faults healed. */
    final List<Operation> unansweredFinalReads = new ArrayList<>();
    int dropped;
    int unknown;
    int prunedUnknown;

    static KeyHistory of(History history) {
        KeyHistory keys = new KeyHistory();
        for (Operation operation : history.operations()) {
            // a workload mix can share function names (bank and watch have reads and writes too): the
            // register's are the ones whose value is a [key, ...] list
            if (FUNCTIONS.contains(operation.f()) && operation.invoke().value() instanceof List<?>) {
                try {
                    keys.add(operation);
                } catch (Values.MalformedValueException e) {
                    keys.malformed.add(operation);
                    keys.malformedReasons.add(e.getMessage());
                }
            }
        }
        keys.byKey.replaceAll((key, ops) -> keys.pruned(ops));
        return keys;
    }

    private void add(Operation operation) {
        List<Object> invoked = Values.list(operation.invoke().value(), operation.f() + " value");
        if (invoked.size() != 2) {
            throw new Values.MalformedValueException(operation.f() + " value should be [key, value], was " + invoked);
        }
        String key = Values.string(invoked.get(0), "key");
        OpType type = operation.type();
        boolean isRead = operation.f().equals("read") || operation.f().equals("final-read");
        if (operation.f().equals("final-read") && type != OpType.OK) {
            unansweredFinalReads.add(operation);
        }
        if (type == OpType.FAIL || (type == OpType.INFO && isRead)) {
            dropped++;
            return;
        }
        long invokedAt = operation.invoke().index();
        long completedAt = type == OpType.OK ? operation.completion().index() : Long.MAX_VALUE;
        if (type == OpType.INFO) {
            unknown++;
        }
        RegisterOp op = switch (operation.f()) {
            case "read", "final-read" -> {
                List<Object> read = Values.list(operation.completion().value(), "read result");
                if (read.size() != 2 || !key.equals(read.get(0))) {
                    throw new Values.MalformedValueException("read result should be [" + key + ", value], was " + read);
                }
                yield new RegisterOp(Kind.READ, Values.canonical(read.get(1)), null, invokedAt, completedAt, operation);
            }
            case "write" -> new RegisterOp(Kind.WRITE, Values.canonical(invoked.get(1)), null, invokedAt, completedAt,
                    operation);
            default -> {
                List<Object> cas = Values.list(invoked.get(1), "cas [expected, new]");
                if (cas.size() != 2) {
                    throw new Values.MalformedValueException("cas should be [key, [expected, new]], was " + invoked);
                }
                yield new RegisterOp(Kind.CAS, Values.canonical(cas.get(1)), Values.canonical(cas.get(0)), invokedAt,
                        completedAt, operation);
            }
        };
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
    }

    /**
     * Drops the unknown writes and cas whose new value nobody observed (no read returned it, no cas expected
     * it), sorted by invocation. Such an operation can never be needed: right after it took effect, the next
     * operation that depends on the register would need a value other than the one it left, so only a write
     * can follow it, and that write overwrites it — leaving it out changes nothing. This keeps the unknown
     * outcomes of a long faulty run from multiplying the search.
     */
    private List<RegisterOp> pruned(List<RegisterOp> ops) {
        Set<Object> observed = new HashSet<>();
        for (RegisterOp op : ops) {
            if (op.kind() == Kind.READ) {
                observed.add(op.value());
            } else if (op.kind() == Kind.CAS) {
                observed.add(op.expected());
            }
        }
        List<RegisterOp> kept = new ArrayList<>();
        for (RegisterOp op : ops) {
            if (!op.completed() && op.kind() != Kind.READ && !observed.contains(op.value())) {
                prunedUnknown++;
            } else {
                kept.add(op);
            }
        }
        kept.sort(Comparator.comparingLong(RegisterOp::invokedAt));
        return kept;
    }
}
