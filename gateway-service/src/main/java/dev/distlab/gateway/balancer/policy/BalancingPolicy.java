package dev.distlab.gateway.balancer.policy;

import java.util.List;
import java.util.Optional;

/**
 * Chooses one instance for the next request. Pure: no Spring, no I/O, no clock. The candidates are the
 * instances that may take traffic right now (healthy, not excluded), in a stable order; the list may change
 * from one call to the next as instances join, leave, fail or return. Candidates with weight 0 are never
 * picked, whatever the policy. Implementations are safe to call from many threads.
 */
public interface BalancingPolicy {

    /** The policy's name as the API shows it, e.g. {@code round-robin}. */
    PolicyType type();

    /** The chosen candidate, or empty when no candidate has a weight above 0. */
    Optional<Candidate> pick(List<Candidate> candidates);

    static List<Candidate> eligible(List<Candidate> candidates) {
        return candidates.stream().filter(c -> !c.drained()).toList();
    }
}
