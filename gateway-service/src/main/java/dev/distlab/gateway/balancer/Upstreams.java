package dev.distlab.gateway.balancer;

import org.springframework.cloud.client.ServiceInstance;

import dev.distlab.gateway.health.Upstream;

/** Converts Spring Cloud's service instances into the gateway's own {@link Upstream}s. */
public final class Upstreams {

    private Upstreams() {
    }

    public static Upstream of(ServiceInstance instance) {
        return new Upstream(instance.getServiceId(), idOf(instance), instance.getUri());
    }

    /** The configured instance id, or host:port when none was given. */
    public static String idOf(ServiceInstance instance) {
        String id = instance.getInstanceId();
        return id == null || id.isBlank() ? instance.getHost() + ":" + instance.getPort() : id;
    }
}
