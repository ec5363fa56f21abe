package dev.distlab.gateway.balancer;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.policy.PolicyType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's complete balancer setting: its policy and every weight set (instances not named weigh
 * {@link ServiceBalancer#DEFAULT_WEIGHT}). This is what the config store keeps, as the JSON text
 * {@code {"policy":"weighted","weights":{"participant-1":5,"participant-2":1}}} under
 * {@code gateway/balancers/<service>}.
 */
public record BalancerSetting(PolicyType policy, Map<String, Integer> weights) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public BalancerSetting {
        Objects.requireNonNull(policy, "policy");
        weights = Map.copyOf(weights);
    }

    /** This setting changed by an update: the policy if named, the weights named replacing theirs. */
    public BalancerSetting with(BalancerUpdate update) {
        Map<String, Integer> merged = new TreeMap<>(weights);
        merged.putAll(update.weights());
        return new BalancerSetting(update.policy().orElse(policy), merged);
    }

    /** The stored form: policy and weights sorted by instance id. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("policy", policy.apiName());
        ObjectNode w = root.putObject("weights");
        new TreeMap<>(weights).forEach(w::put);
        return JSON.writeValueAsString(root);
    }

    /**
     * Reads the stored form with the same strict rules as a PUT body; the policy is required.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static BalancerSetting fromJson(String json) {
        BalancerUpdate parsed;
        try {
            parsed = BalancerUpdate.parse(json);
        } catch (ProblemException e) {
            throw new IllegalArgumentException(e.getProblem().getDetail().replace("Request body", "The stored value"));
        }
        PolicyType policy = parsed.policy().orElseThrow(
                () -> new IllegalArgumentException("the stored setting names no policy"));
        return new BalancerSetting(policy, parsed.weights());
    }
}
