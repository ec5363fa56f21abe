package dev.distlab.gateway.balancer.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/** A uniformly random eligible candidate; the source of randomness is given, so tests can seed it. */
public final class RandomPolicy implements BalancingPolicy {

    private final Random random;

    public RandomPolicy(Random random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public PolicyType type() {
        return PolicyType.RANDOM;
    }

    @Override
    public Optional<Candidate> pick(List<Candidate> candidates) {
        List<Candidate> eligible = BalancingPolicy.eligible(candidates);
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(eligible.get(random.nextInt(eligible.size())));
    }
}
