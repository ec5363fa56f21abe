package dev.distlab.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import java.net.http.HttpClient;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.Upstream;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.metrics.UpstreamMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The routes (Spring Cloud Gateway Server Web MVC, Java DSL): each route's paths go through
 * {@link BalancedProxyFilter}, which picks the instance, then to the gateway's HTTP proxy handler.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutesConfiguration.class);

    @Bean
    RouteTable routeTable() {
        return RouteTable.standard();
    }

    @Bean
    RouterFunction<ServerResponse> gatewayRoutes(RouteTable table, LoadBalancerClientFactory loadBalancers,
            BalancerRegistry registry, HealthTracker health, UpstreamMetrics metrics, GatewayProperties properties) {
        RouterFunction<ServerResponse> routes = null;
        for (ServiceRoute serviceRoute : table.routes()) {
            RouterFunction<ServerResponse> function = route(serviceRoute.id())
                    .route(path(serviceRoute.paths().toArray(String[]::new)), http())
                    .filter(new BalancedProxyFilter(serviceRoute.service(), loadBalancers, registry, health, metrics,
                            properties.getUpstream().getReadTimeout()))
                    .build();
            routes = routes == null ? function : routes.and(function);
        }
        return routes;
    }

    /** One line per service at startup: where its requests will go. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announceUpstreams(RouteTable table, BalancerRegistry registry) {
        return event -> {
            for (String service : table.services()) {
                String instances = registry.instancesOf(service).stream().map(Upstreams::of).map(Upstream::label)
                        .collect(Collectors.joining(", "));
                log.info("Routing {} to {} ({})", service, instances.isEmpty() ? "no instances" : instances,
                        registry.find(service).orElseThrow().policy().apiName());
            }
        };
    }

    @Bean
    UpstreamMetrics upstreamMetrics(MeterRegistry meterRegistry, HealthTracker health, BalancerRegistry registry) {
        return new UpstreamMetrics(meterRegistry, health, registry::upstreams);
    }

    /**
     * The HTTP client the proxy uses (the gateway's RestClient picks up this bean): HTTP/1.1, no redirects
     * followed, no decompression, connect timeout ~1 s, and a read timeout above the longest long-poll.
     */
    @Bean
    ClientHttpRequestFactory gatewayClientHttpRequestFactory(GatewayProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getUpstream().getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(properties.getUpstream().getReadTimeout());
        factory.enableCompression(false);
        return factory;
    }
}
