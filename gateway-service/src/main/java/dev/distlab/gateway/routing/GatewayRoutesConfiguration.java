package dev.distlab.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.distlab.common.fault.OutgoingFaults;
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
            BalancerRegistry registry, HealthTracker health, UpstreamMetrics metrics, GatewayProperties properties,
            OutgoingFaults faults) {
        RouterFunction<ServerResponse> routes = null;
        for (ServiceRoute serviceRoute : table.routes()) {
            RouterFunction<ServerResponse> function = route(serviceRoute.id())
                    .route(path(serviceRoute.paths().toArray(String[]::new)), http())
                    .filter(new BalancedProxyFilter(serviceRoute.service(), loadBalancers, registry, health, metrics,
                            timeouts(properties), faults))
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
     * The HTTP client the proxy uses (the gateway's RestClient picks up this bean): Apache HttpClient 5 with
     * a connection pool and blocking I/O, which on a small machine costs far fewer thread hand-offs per
     * request than the JDK client. HTTP/1.1, no redirects followed, no decompression, and no automatic
     * retries: {@link BalancedProxyFilter} alone decides what is retried. Connect timeout ~1 s; the read
     * timeout is set per request by {@link UpstreamTimeouts}. A pooled connection is checked before each reuse (one cheap read): one
     * the upstream closed, or a killed upstream's, is dropped instead of failing the request.
     */
    @Bean
    ClientHttpRequestFactory gatewayClientHttpRequestFactory(GatewayProperties properties) {
        Timeout connect = Timeout.of(properties.getUpstream().getConnectTimeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                        .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS).build())
                .setMaxConnTotal(1024).setMaxConnPerRoute(512).build();
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .disableRedirectHandling().disableContentCompression().disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30)).build();
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(client);
        UpstreamTimeouts timeouts = timeouts(properties);
        factory.setHttpContextFactory((method, uri) -> {
            HttpClientContext context = HttpClientContext.create();
            context.setRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(timeouts.forRequest(uri))).build());
            return context;
        });
        return factory;
    }

    private static UpstreamTimeouts timeouts(GatewayProperties properties) {
        return new UpstreamTimeouts(properties.getUpstream().getReadTimeout(),
                properties.getUpstream().getLongPollMargin());
    }
}
