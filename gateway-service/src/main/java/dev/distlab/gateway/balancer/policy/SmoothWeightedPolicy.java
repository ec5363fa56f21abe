package dev.distlab.gateway.balancer.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Smooth weighted round robin, as nginx does it ({@code ngx_http_upstream_get_peer}): on every pick each
 * candidate's current weight grows by its weight, the candidate with the largest current weight wins (the
 * first of equals, in list order), and the winner's current weight drops by the total. Weights 5:1:1 give
 * {@code a a b a c a a} in every cycle of 7: exact shares, spread out instead of in bursts.
 *
 * <p>A candidate that is missing from a call (it left, failed or was excluded) loses its current weight and
 * starts again from 0 when it comes back; a new candidate starts from 0 too.
 */
public final class SmoothWeightedPolicy implements BalancingPolicy {

    private final Map<String, Integer> current = new HashMap<>();

    @Override
    public PolicyType type() {
        return PolicyType.WEIGHTED;
    }

    @Override
    public synchronized Optional<Candidate> pick(List<Candidate> candidates) {
        Set<String> present = new HashSet<>();
        for (Candidate candidate : candidates) {
            present.add(candidate.id());
        }
        current.keySet().retainAll(present);

        Candidate best = null;
        int bestCurrent = 0;
        int total = 0;
        for (Candidate candidate : candidates) {
            if (candidate.drained()) {
                current.remove(candidate.id());
                continue;
            }
            int now = current.merge(candidate.id(), candidate.weight(), Integer::sum);
            total += candidate.weight();
            if (best == null || now > bestCurrent) {
                best = candidate;
                bestCurrent = now;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        current.merge(best.id(), -total, Integer::sum);
        return Optional.of(best);
    }

    /** The current weights, for tests and diagnostics. */
    synchronized Map<String, Integer> currentWeights() {
        return Map.copyOf(current);
    }
}
