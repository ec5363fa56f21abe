package dev.distlab.gateway.balancer;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Flux;

/**
 * The instances of one service, read from the (blocking) discovery client on each request. The gateway's
 * instance lists come from configuration, so reading them is cheap and needs no cache or extra thread.
 */
class DiscoveryInstanceListSupplier implements ServiceInstanceListSupplier {

    private final String serviceId;
    private final DiscoveryClient discovery;

    DiscoveryInstanceListSupplier(String serviceId, DiscoveryClient discovery) {
        this.serviceId = serviceId;
        this.discovery = discovery;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(discovery.getInstances(serviceId)));
    }
}
