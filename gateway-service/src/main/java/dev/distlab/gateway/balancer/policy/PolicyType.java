package dev.distlab.gateway.balancer.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The policies a service can be balanced with, by the names the API uses. */
public enum PolicyType {

    RANDOM("random"), ROUND_ROBIN("round-robin"), WEIGHTED("weighted");

    private final String apiName;

    PolicyType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<PolicyType> fromApiName(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(name)).findFirst();
    }

    /** The names, for error messages: {@code random, round-robin, weighted}. */
    public static String apiNames() {
        return Arrays.stream(values()).map(PolicyType::apiName).collect(Collectors.joining(", "));
    }

    /** A fresh policy of this type, with no memory of earlier picks. */
    public BalancingPolicy newPolicy(Supplier<Random> randomSource) {
        return newPolicy(randomSource, false);
    }

    /** As {@link #newPolicy(Supplier)}; {@code roundRobinOffByOne} plants the bug of that unsafe switch. */
    public BalancingPolicy newPolicy(Supplier<Random> randomSource, boolean roundRobinOffByOne) {
        return switch (this) {
            case RANDOM -> new RandomPolicy(randomSource.get());
            case ROUND_ROBIN -> new RoundRobinPolicy(roundRobinOffByOne);
            case WEIGHTED -> new SmoothWeightedPolicy();
        };
    }
}
