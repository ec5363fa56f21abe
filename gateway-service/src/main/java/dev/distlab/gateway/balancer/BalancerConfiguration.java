package dev.distlab.gateway.balancer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.security.ProtectedEndpoint;
import dev.distlab.common.unsafe.UnsafeSwitch;
import dev.distlab.common.unsafe.UnsafeSwitches;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.Watcher;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.routing.RouteTable;

/** The balancers of the routed services, each service's LoadBalancer, and the token on balancer writes. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PolicyLoadBalancerConfiguration.class)
class BalancerConfiguration {

    @Bean
    BalancerRegistry balancerRegistry(RouteTable routes, GatewayProperties properties, DiscoveryClient discovery,
            HealthTracker health, ObjectProvider<UnsafeSwitches> unsafe) {
        Long seed = properties.getBalancer().getRandomSeed();
        boolean offByOne = unsafe.getIfAvailable(UnsafeSwitches::none).isOn(UnsafeSwitch.ROUND_ROBIN_OFF_BY_ONE);
        return new BalancerRegistry(routes.services(), properties.getBalancer().getDefaultPolicy(),
                () -> seed == null ? new Random() : new Random(seed), discovery, health, offByOne);
    }

    /**
     * The balancer settings in the config store ({@code gateway.balancer.store.enabled}, default on). The replicas
     * are {@code gateway.balancer.store.replicas} if given, else the discovered instances of the store's service
     * (the participants). Starting waits at most {@code startup-wait} for the stored settings; it never fails
     * because the store is down.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "gateway.balancer.store.enabled", havingValue = "true", matchIfMissing = true)
    StoredBalancerSettings storedBalancerSettings(BalancerRegistry registry, GatewayProperties properties,
            DiscoveryClient discovery, PlatformProperties platform, OutgoingFaults faults) {
        GatewayProperties.Store settings = properties.getBalancer().getStore();
        List<URI> replicas = settings.getReplicas().isEmpty()
                ? discovery.getInstances(settings.getService()).stream().map(ServiceInstance::getUri).toList()
                : settings.getReplicas().stream().map(URI::create).toList();
        ConfigClient client = replicas.isEmpty() ? null : ConfigClient.builder().replicas(replicas)
                .token(platform.getClusterToken()).connectTimeout(settings.getConnectTimeout())
                .requestTimeout(settings.getRequestTimeout()).httpClientDecorator(faults::wrap).build();
        Duration minBackoff = Duration.ofMillis(Math.min(200, settings.getMaxBackoff().toMillis()));
        StoredBalancerSettings stored = new StoredBalancerSettings(client, registry,
                new Watcher.Settings(settings.getPollTimeout(), minBackoff, settings.getMaxBackoff()));
        stored.start(settings.getStartupWait());
        return stored;
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
