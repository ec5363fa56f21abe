package dev.distlab.gateway.balancer;

import java.util.List;

/** What {@code GET /api/gateway/balancers/{service}} shows. */
public record BalancerView(String service, String policy, List<InstanceView> instances) {

    /**
     * One instance: {@code healthy} is true when it is in the rotation (its readiness check passes and it
     * is not ejected); {@code requests} counts the requests this gateway sent to it, retries included.
     */
    public record InstanceView(String id, String uri, int weight, boolean healthy, long requests) {
    }
}
