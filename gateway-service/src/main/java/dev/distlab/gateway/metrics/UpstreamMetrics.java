package dev.distlab.gateway.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-instance meters, in /actuator/prometheus as
 * {@code gateway_upstream_requests_seconds_count{service,instance,method,outcome,status}} (every request
 * sent to an instance, retries included) and {@code gateway_upstream_healthy{service,instance}} (1 while
 * the instance is in the rotation).
 */
public class UpstreamMetrics implements SmartInitializingSingleton {

    public static final String REQUESTS = "gateway.upstream.requests";
    public static final String HEALTHY = "gateway.upstream.healthy";

    private final MeterRegistry registry;
    private final HealthTracker health;
    private final Supplier<List<Upstream>> upstreams;

    public UpstreamMetrics(MeterRegistry registry, HealthTracker health,
            Supplier<List<Upstream>> upstreams) {
        this.registry = registry;
        this.health = health;
        this.upstreams = upstreams;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Upstream upstream : upstreams.get()) {
            Gauge.builder(HEALTHY, health, h -> h.isAvailable(upstream) ? 1 : 0)
                    .description("1 while the instance is in the gateway's rotation, 0 while it is out")
                    .tag("service", upstream.service())
                    .tag("instance", upstream.id())
                    .register(registry);
        }
    }

    /**
     * One request to an instance.
     *
     * @param outcome {@code success}, {@code client_error}, {@code server_error} (by status), or the kind of
     *        failure when there was no answer: {@code connect_failure}, {@code timeout}, {@code io_error}
     * @param status the HTTP status, or {@code none}
     */
    public void record(Upstream upstream, String method, String outcome, String status, long nanos) {
        Timer.builder(REQUESTS)
                .description("Requests the gateway sent to an upstream instance, until the answer's headers")
                .tag("service", upstream.service())
                .tag("instance", upstream.id())
                .tag("method", method)
                .tag("outcome", outcome)
                .tag("status", status)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
