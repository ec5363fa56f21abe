package dev.distlab.gateway.balancer;

import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Mono;

/**
 * The Spring Cloud LoadBalancer of one service. It takes the instance list from the service's
 * {@link ServiceInstanceListSupplier} and lets the service's current policy (round-robin, random or
 * weighted, switchable at runtime through {@link BalancerRegistry}) choose among the instances that are in
 * the rotation and not excluded by the request ({@link ExcludedInstances}).
 */
public class PolicyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final String serviceId;
    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;
    private final BalancerRegistry registry;

    public PolicyLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> suppliers,
            BalancerRegistry registry) {
        this.serviceId = serviceId;
        this.suppliers = suppliers;
        this.registry = registry;
    }

    @Override
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
        return supplier.get(request).next().map(instances -> choose(instances, request));
    }

    private Response<ServiceInstance> choose(List<ServiceInstance> instances, Request<?> request) {
        Set<String> excluded = request != null && request.getContext() instanceof ExcludedInstances e ? e.ids()
                : Set.of();
        return registry.find(serviceId)
                .flatMap(balancer -> balancer.choose(instances, excluded, registry.health()))
                .<Response<ServiceInstance>>map(DefaultResponse::new)
                .orElseGet(EmptyResponse::new);
    }
}
