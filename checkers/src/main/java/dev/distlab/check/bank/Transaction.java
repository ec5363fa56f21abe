package dev.distlab.check.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.check.Values;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * Everything the history says about one money movement, by its idempotency key: its effect on each account,
 * and whether a definite answer (the request's own, or a later {@code resolve}) says it committed or aborted.
 */
final class Transaction {

    enum Outcome { COMMITTED, ABORTED, UNRESOLVED, CONFLICTING }

    final String key;
    final Map<String, Long> effects;
    final List<Operation> operations = new ArrayList<>();
    private boolean committed;
    private boolean aborted;

    private Transaction(String key, Map<String, Long> effects) {
        this.key = key;
        this.effects = effects;
    }

    /** A {@code transfer} or {@code transaction} request; its invocation says what it would move. */
    static Transaction of(Operation request) {
        Map<String, Object> value = Values.map(request.invoke().value(), request.f() + " value");
        String key = Values.string(value.get("key"), "key");
        Map<String, Long> effects = new LinkedHashMap<>();
        if (request.f().equals("transfer")) {
            long amount = Values.number(value, "amount");
            effects.merge(Values.string(value.get("from"), "from"), -amount, Long::sum);
            effects.merge(Values.string(value.get("to"), "to"), amount, Long::sum);
        } else {
            for (Object item : Values.list(value.get("operations"), "operations")) {
                Map<String, Object> operation = Values.map(item, "operation");
                effects.merge(Values.string(operation.get("account"), "account"), Values.number(operation, "delta"),
                        Long::sum);
            }
        }
        return new Transaction(key, effects);
    }

    /** Takes in the request itself or a retry of it with the same key. */
    void request(Operation request) {
        operations.add(request);
        committed |= request.type() == OpType.OK;
        aborted |= request.type() == OpType.FAIL;
    }

    /** Takes in a {@code resolve}: asking again after the faults healed. */
    void resolve(Operation resolve) {
        operations.add(resolve);
        if (resolve.type() == OpType.OK) {
            Object status = Values.map(resolve.completion().value(), "resolve result").get("status");
            committed |= "COMMITTED".equals(status);
            aborted |= "ABORTED".equals(status);
        }
    }

    Outcome outcome() {
        if (committed && aborted) {
            return Outcome.CONFLICTING;
        }
        return committed ? Outcome.COMMITTED : aborted ? Outcome.ABORTED : Outcome.UNRESOLVED;
    }
}
