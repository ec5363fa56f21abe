package dev.distlab.check.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.check.Values;
import dev.distlab.check.history.Operation;

/**
 * A {@code set-policy} operation and the shares it implies, as the gateway balances: an instance with weight
 * 0 is drained and gets nothing; {@code weighted} gives each instance its weight over the total (instances
 * not named weigh 1); {@code random} and {@code round-robin} share evenly among the others.
 */
record PolicySetting(Operation operation, String policy, List<String> instances, Map<String, Double> shares) {

    static PolicySetting of(Operation setPolicy) {
        Map<String, Object> value = Values.map(setPolicy.invoke().value(), "set-policy value");
        String policy = Values.string(value.get("policy"), "policy");
        Map<String, Object> weights = value.get("weights") == null ? Map.of() : Values.map(value.get("weights"), "weights");
        List<String> instances = new ArrayList<>();
        for (Object id : Values.list(value.get("instances"), "instances")) {
            instances.add(Values.string(id, "instance id"));
        }
        Map<String, Double> raw = new LinkedHashMap<>();
        for (String id : instances) {
            long weight = weights.containsKey(id) ? Values.number(weights.get(id), "weight of " + id) : 1;
            raw.put(id, weight == 0 ? 0.0 : policy.equals("weighted") ? (double) weight : 1.0);
        }
        double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        raw.forEach((id, w) -> shares.put(id, total == 0 ? 0.0 : w / total));
        return new PolicySetting(setPolicy, policy, instances, shares);
    }

    /** The phase label a set-policy names itself for, if it does. */
    String phase() {
        Object phase = Values.map(operation.invoke().value(), "set-policy value").get("phase");
        return phase == null ? null : String.valueOf(phase);
    }
}
