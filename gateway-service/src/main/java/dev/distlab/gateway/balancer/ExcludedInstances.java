package dev.distlab.gateway.balancer;

import java.util.Set;

/**
 * The context of a load-balancer request: instance ids that must not be chosen, e.g. the one a retried
 * request has just failed on.
 */
public record ExcludedInstances(Set<String> ids) {

    public ExcludedInstances {
        ids = Set.copyOf(ids);
    }

    public static ExcludedInstances none() {
        return new ExcludedInstances(Set.of());
    }
}
