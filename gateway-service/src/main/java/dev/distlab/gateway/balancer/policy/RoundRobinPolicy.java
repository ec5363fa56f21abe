package dev.distlab.gateway.balancer.policy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Each eligible candidate in turn. Over n * k picks from an unchanged list, each gets exactly k. */
public final class RoundRobinPolicy implements BalancingPolicy {

    private final AtomicInteger position = new AtomicInteger();

    @Override
    public PolicyType type() {
        return PolicyType.ROUND_ROBIN;
    }

    @Override
    public Optional<Candidate> pick(List<Candidate> candidates) {
        List<Candidate> eligible = BalancingPolicy.eligible(candidates);
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        // floorMod keeps the index valid when the counter wraps past Integer.MAX_VALUE
        return Optional.of(eligible.get(Math.floorMod(position.getAndIncrement(), eligible.size())));
    }
}
