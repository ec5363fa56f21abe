package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.kv.KvResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Agreement (one value per slot across replicas and restarts), validity, and in-order application. */
final class SafetyChecker {
    private final Map<Long, Value> chosen = new HashMap<>();
    private final Set<Command> proposed = new HashSet<>();
    private final Map<CommandId, KvResult> firstResults = new HashMap<>();

    void proposed(Command c) {
        proposed.add(c);
    }

    void applied(int node, long expectedSlot, long slot, Value value) {
        if (slot != expectedSlot) {
            throw new Violation("node " + node + " applied slot " + slot + " but expected " + expectedSlot);
        }
        Value first = chosen.putIfAbsent(slot, value);
        if (first != null && !first.equals(value)) {
            throw new Violation("agreement: slot " + slot + " is " + first + " elsewhere but node " + node
                    + " applied " + value);
        }
        for (Command c : value.commands()) {
            if (!proposed.contains(c)) {
                throw new Violation("validity: node " + node + " applied unproposed command " + c + " at " + slot);
            }
        }
    }

    void result(CommandId id, KvResult r) {
        firstResults.putIfAbsent(id, r);
    }

    /** The effect a command had when first applied anywhere, or null if it never was. */
    KvResult firstResult(CommandId id) {
        return firstResults.get(id);
    }

    long highestChosen() {
        return chosen.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
