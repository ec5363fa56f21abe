package dev.distlab.gateway.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;
import dev.distlab.gateway.routing.RouteTable;

/**
 * Every participant's own view ({@code GET /api/node}: Paxos role, leader, ballot, commit index), read at most once
 * per {@link #FRESH_FOR} whoever asks — the topology for any number of open dashboards, and the consensus history's
 * sampler — so that watching the system does not load it.
 */
final class ParticipantNodes {

    /** Dashboards poll and the history samples about once a second; readings younger than this are shared. */
    static final Duration FRESH_FOR = Duration.ofMillis(500);

    private final SharedReading<Map<String, Answer>> shared;

    ParticipantNodes(BalancerRegistry registry, InstanceReads reads, Clock clock) {
        this.shared = new SharedReading<>(FRESH_FOR, clock,
                () -> reads.read(InstanceReads.byId(registry.instancesOf(RouteTable.PARTICIPANTS)), "/api/node"));
    }

    /**
     * A reading younger than {@link #FRESH_FOR} (the last one, or a new one): when the participants were read, and
     * each one's answer by instance id, in the balancer's order.
     */
    SharedReading.Taken<Map<String, Answer>> current() {
        return shared.current();
    }
}
