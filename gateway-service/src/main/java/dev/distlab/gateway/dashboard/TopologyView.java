package dev.distlab.gateway.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/gateway/topology} shows: every instance the gateway balances, with what the gateway knows of
 * it (health, ejection, weight, requests sent) and, for the participants, what the instance says of itself
 * ({@code GET /api/node}: its Paxos role, the leader it knows, ballot, commit index).
 */
public record TopologyView(Instant at, List<ServiceView> services) {

    public record ServiceView(String service, String policy, List<InstanceView> instances) {
    }

    /**
     * {@code node} is the instance's own {@code /api/node} answer (participants only), {@code null} with
     * {@code nodeError} saying why when it could not be read within the probe's timeout.
     */
    public record InstanceView(String id, String uri, boolean available, boolean ready, boolean ejected,
            long ejectedForMillis, int weight, long requests, Map<String, Object> node, String nodeError) {
    }
}
