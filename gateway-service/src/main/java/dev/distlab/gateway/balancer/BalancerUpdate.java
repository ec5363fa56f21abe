package dev.distlab.gateway.balancer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.policy.PolicyType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validated {@code PUT /api/gateway/balancers/{service}} body: {@code {"policy": "weighted",
 * "weights": {"participant-1": 5}}}, both members optional. Parsing is strict: malformed JSON, unknown or
 * duplicate members, a policy that is not one of the names, weights that are not integers from 0 to 1000
 * are all refused with 400 before anything changes.
 */
public record BalancerUpdate(Optional<PolicyType> policy, Map<String, Integer> weights) {

    public static final int MAX_WEIGHT = 1000;

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> MEMBERS = Set.of("policy", "weights");

    public static BalancerUpdate parse(String body) {
        if (body == null || body.isBlank()) {
            throw badRequest("Request body is missing: expected {\"policy\": ..., \"weights\": {...}}");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw badRequest("Request body must be a JSON object with the members policy and/or weights");
        }
        for (String name : root.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw badRequest("Unknown member '" + name + "': only policy and weights are allowed");
            }
        }
        Optional<PolicyType> policy = Optional.empty();
        JsonNode policyNode = root.get("policy");
        if (policyNode != null) {
            if (!policyNode.isString()) {
                throw badRequest("policy must be a string, one of: " + PolicyType.apiNames());
            }
            policy = Optional.of(PolicyType.fromApiName(policyNode.stringValue()).orElseThrow(() -> badRequest(
                    "Unknown policy '" + policyNode.stringValue() + "': use one of " + PolicyType.apiNames())));
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        JsonNode weightsNode = root.get("weights");
        if (weightsNode != null) {
            if (!weightsNode.isObject()) {
                throw badRequest("weights must be an object of instance id to integer weight, e.g. "
                        + "{\"participant-1\": 5}");
            }
            for (Map.Entry<String, JsonNode> entry : weightsNode.properties()) {
                JsonNode weight = entry.getValue();
                if (!weight.isIntegralNumber() || !weight.canConvertToInt() || weight.intValue() < 0
                        || weight.intValue() > MAX_WEIGHT) {
                    throw badRequest("Weight of '" + entry.getKey() + "' must be an integer from 0 to "
                            + MAX_WEIGHT + ", not " + weight);
                }
                weights.put(entry.getKey(), weight.intValue());
            }
        }
        return new BalancerUpdate(policy, Map.copyOf(weights));
    }

    /** Refuses weights for instances the service does not have. */
    public void requireKnownInstances(String service, Set<String> instanceIds) {
        for (String id : weights.keySet()) {
            if (!instanceIds.contains(id)) {
                throw badRequest("Unknown instance '" + id + "' for " + service + ": known are "
                        + String.join(", ", instanceIds));
            }
        }
    }

    private static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
