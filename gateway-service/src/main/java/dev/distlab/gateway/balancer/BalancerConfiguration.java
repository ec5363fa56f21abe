package dev.distlab.gateway.balancer;

import java.util.Random;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.distlab.common.security.ProtectedEndpoint;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.routing.RouteTable;

/** The balancers of the routed services, each service's LoadBalancer, and the token on balancer writes. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PolicyLoadBalancerConfiguration.class)
class BalancerConfiguration {

    @Bean
    BalancerRegistry balancerRegistry(RouteTable routes, GatewayProperties properties, DiscoveryClient discovery,
            HealthTracker health) {
        Long seed = properties.getBalancer().getRandomSeed();
        return new BalancerRegistry(routes.services(), properties.getBalancer().getDefaultPolicy(),
                () -> seed == null ? new Random() : new Random(seed), discovery, health);
    }

    // every write to the gateway's own API needs the cluster token; reads are public
    @Bean
    ProtectedEndpoint gatewayPutNeedsToken() {
        return new ProtectedEndpoint(HttpMethod.PUT, "/api/gateway/**");
    }

    @Bean
    ProtectedEndpoint gatewayPostNeedsToken() {
        return new ProtectedEndpoint(HttpMethod.POST, "/api/gateway/**");
    }

    @Bean
    ProtectedEndpoint gatewayPatchNeedsToken() {
        return new ProtectedEndpoint(HttpMethod.PATCH, "/api/gateway/**");
    }

    @Bean
    ProtectedEndpoint gatewayDeleteNeedsToken() {
        return new ProtectedEndpoint(HttpMethod.DELETE, "/api/gateway/**");
    }
}
