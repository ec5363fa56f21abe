package dev.distlab.gateway.balancer;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The beans of each service's LoadBalancer child context. Deliberately not a {@code @Configuration}, so
 * component scanning does not put these beans in the main context; {@code @LoadBalancerClients} registers
 * it as the default for every service.
 */
public class PolicyLoadBalancerConfiguration {

    @Bean
    ServiceInstanceListSupplier discoveryInstanceListSupplier(Environment environment, DiscoveryClient discovery) {
        return new DiscoveryInstanceListSupplier(LoadBalancerClientFactory.getName(environment), discovery);
    }

    @Bean
    ReactorServiceInstanceLoadBalancer reactorServiceInstanceLoadBalancer(Environment environment,
            LoadBalancerClientFactory factory, BalancerRegistry registry) {
        String serviceId = LoadBalancerClientFactory.getName(environment);
        return new PolicyLoadBalancer(serviceId, factory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class),
                registry);
    }
}
