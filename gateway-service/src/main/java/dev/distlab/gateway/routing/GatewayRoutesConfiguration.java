package dev.distlab.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;
import dev.distlab.gateway.metrics.UpstreamMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The routes: each route's paths are served by {@link ProxyServlet}, whose {@link BalancedProxy} per service picks
 * the instance (Spring Cloud LoadBalancer with the service's policy) and sends the request there.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutesConfiguration.class);
    private static final String PROXY_SERVLET = "proxy";

    @Bean
    RouteTable routeTable() {
        return RouteTable.standard();
    }

    @Bean
    ServletRegistrationBean<ProxyServlet> proxyServlet(RouteTable table, LoadBalancerClientFactory loadBalancers,
            BalancerRegistry registry, HealthTracker health, UpstreamMetrics metrics, GatewayProperties properties,
            OutgoingFaults faults, CloseableHttpClient upstreamHttpClient,
            ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        UpstreamTimeouts timeouts = new UpstreamTimeouts(properties.getUpstream().getReadTimeout(),
                properties.getUpstream().getLongPollMargin());
        UpstreamClient client = new UpstreamClient(upstreamHttpClient, timeouts.ordinary(),
                traceInjector(tracer.getIfAvailable(), propagator.getIfAvailable()));
        Map<String, BalancedProxy> byPattern = new LinkedHashMap<>();
        for (ServiceRoute route : table.routes()) {
            BalancedProxy proxy = new BalancedProxy(route.service(), loadBalancers, registry, health, metrics,
                    timeouts, faults, client);
            for (String path : route.paths()) {
                byPattern.put(servletPattern(path), proxy);
            }
        }
        var registration = new ServletRegistrationBean<>(new ProxyServlet(byPattern),
                byPattern.keySet().toArray(String[]::new));
        registration.setName(PROXY_SERVLET);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * A proxied request is observed (an {@code http.server.requests} timer, a gateway span in its trace, trace ids
     * in the log lines) only when it arrives with a W3C trace context: the gateway joins the traces clients start
     * but starts none of its own, because observing every proxied request cost 18 % of the gateway's CPU.
     * {@code gateway.upstream.requests} times every proxied request per instance either way.
     */
    @Bean
    ObservationPredicate observeProxiedRequestsOnlyInATrace() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && PROXY_SERVLET.equals(server.getCarrier().getHttpServletMapping().getServletName())
                && server.getCarrier().getHeader("traceparent") == null);
    }

    /**
     * The upstream's parent span is the gateway's when the request is observed; otherwise the client's trace
     * headers, copied as they came, are the only context.
     */
    private static UpstreamClient.TraceContextInjector traceInjector(Tracer tracer, Propagator propagator) {
        if (tracer == null || propagator == null) {
            return request -> { };
        }
        return request -> {
            TraceContext context = tracer.currentTraceContext().context();
            if (context != null) {
                propagator.inject(context, request, (carrier, key, value) -> carrier.setHeader(key, value));
            }
        };
    }

    /** A route path as a servlet URL pattern: {@code /api/config/**} is {@code /api/config/*}, exact paths stay. */
    static String servletPattern(String path) {
        return path.endsWith("/**") ? path.substring(0, path.length() - 1) : path;
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
     * The HTTP client the proxy uses: Apache HttpClient 5 with a connection pool and blocking I/O, which on a small
     * machine costs far fewer thread hand-offs per request than the JDK client. HTTP/1.1, no redirects followed, no
     * decompression, and no automatic retries: {@link BalancedProxy} alone decides what is retried. Connect timeout
     * ~1 s; the read timeout is set per request by {@link UpstreamTimeouts}. A pooled connection is checked before
     * each reuse (one cheap read): one the upstream closed, or a killed upstream's, is dropped instead of failing
     * the request.
     */
    @Bean(destroyMethod = "close")
    CloseableHttpClient upstreamHttpClient(GatewayProperties properties) {
        Timeout connect = Timeout.of(properties.getUpstream().getConnectTimeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                        .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS).build())
                .setMaxConnTotal(1024).setMaxConnPerRoute(512).build();
        return HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .disableRedirectHandling().disableContentCompression().disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30)).build();
    }
}
