package dev.distlab.gateway.balancer.policy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each eligible candidate in turn. Over n * k picks from an unchanged list, each gets exactly k.
 * <p>
 * With the unsafe switch {@code platform.unsafe.round-robin-off-by-one} (for teaching) the turn counts to n + 1
 * instead of n, and the index past the end falls back to the first candidate: over (n + 1) * k picks the first
 * gets 2k, every other k.
 */
public final class RoundRobinPolicy implements BalancingPolicy {

    private final AtomicInteger position = new AtomicInteger();
    private final boolean offByOne;

    public RoundRobinPolicy() {
        this(false);
    }

    /** @param offByOne the planted bug of {@code platform.unsafe.round-robin-off-by-one} */
    public RoundRobinPolicy(boolean offByOne) {
        this.offByOne = offByOne;
    }

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
        if (offByOne) {
            int index = Math.floorMod(position.getAndIncrement(), eligible.size() + 1);
            return Optional.of(eligible.get(index == eligible.size() ? 0 : index));
        }
        // floorMod keeps the index valid when the counter wraps past Integer.MAX_VALUE
        return Optional.of(eligible.get(Math.floorMod(position.getAndIncrement(), eligible.size())));
    }
}
