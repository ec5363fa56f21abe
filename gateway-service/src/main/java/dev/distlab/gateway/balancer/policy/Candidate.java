package dev.distlab.gateway.balancer.policy;

import java.util.Objects;

/**
 * An instance that may take the next request: its id and its weight (0 drains it: no policy picks it).
 */
public record Candidate(String id, int weight) {

    public Candidate {
        Objects.requireNonNull(id, "id");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
    }

    boolean drained() {
        return weight == 0;
    }
}
