package dev.distlab.gateway.routing;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fault.IncomingFaults;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;
import dev.distlab.gateway.metrics.UpstreamMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The routes and the front that serves them: {@link GatewayFront} listens on the gateway's port, proxies each
 * route's paths through its service's {@link BalancedProxy} (Spring Cloud LoadBalancer with the service's policy
 * picks the instance), and passes every other request to the gateway's own endpoints on Tomcat, which listens on
 * loopback only.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutesConfiguration.class);

    @Bean
    RouteTable routeTable() {
        return RouteTable.standard();
    }

    /** Tomcat serves the gateway's own endpoints behind the front: on loopback, on a port of its own. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> ownEndpointsBehindTheFront(
            @Value("${gateway.own-endpoints.port:0}") int port) {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(ConfigurableServletWebServerFactory factory) {
                factory.setAddress(InetAddress.getLoopbackAddress());
                factory.setPort(port);
            }
        };
    }

    @Bean
    GatewayFront gatewayFront(RouteTable table, LoadBalancerClientFactory loadBalancers, BalancerRegistry registry,
            HealthTracker health, UpstreamMetrics metrics, GatewayProperties properties, OutgoingFaults outgoing,
            IncomingFaults incoming, PlatformProperties platform, ServerProperties server,
            ConfigurableEnvironment environment, WebServerApplicationContext context,
            ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        GatewayProperties.Upstream upstream = properties.getUpstream();
        int threads = upstream.getThreads() > 0 ? upstream.getThreads() : Runtime.getRuntime().availableProcessors();
        UpstreamTimeouts timeouts = new UpstreamTimeouts(upstream.getReadTimeout(), upstream.getLongPollMargin());
        UpstreamConnections connections = new UpstreamConnections(upstream.getConnectTimeout(),
                upstream.getIdleTimeout(), upstream.getMaxIdleConnections());
        AtomicInteger waiters = new AtomicInteger();
        ThreadPoolExecutor faultWaits = new ThreadPoolExecutor(0, upstream.getMaxFaultHeldRequests(), 30,
                TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "gateway-fault-wait-" + waiters.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ProxyTracing tracing = new ProxyTracing(tracer.getIfAvailable(), propagator.getIfAvailable());
        Map<String, BalancedProxy> byPath = new LinkedHashMap<>();
        for (ServiceRoute route : table.routes()) {
            BalancedProxy proxy = new BalancedProxy(route.service(), loadBalancers, registry, health, metrics,
                    timeouts, outgoing, faultWaits, connections, tracing);
            route.paths().forEach(path -> byPath.put(path, proxy));
        }
        IntSupplier ownPort = () -> context.getWebServer().getPort();
        FrontDispatch dispatch = new FrontDispatch(new RoutedPaths<>(byPath),
                new OwnEndpoints(connections, ownPort), incoming, faultWaits, platform.getMaxBodyBytes(),
                platform.getInternalMaxBodyBytes());
        int port = server.getPort() == null ? 8080 : server.getPort();
        return new GatewayFront(dispatch, platform.getInstanceId(), server.getAddress(), port,
                GatewayFront.eventLoops(threads), threads, faultWaits, environment, ownPort);
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
}
