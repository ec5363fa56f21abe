package dev.distlab.gateway.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");
    /** Looking a timer up by its tags in the registry cost 5 % of a busy gateway's CPU; this map is one lookup. */
    private static final int MAX_TIMERS = 10_000;

    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
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
        // a client may send any method name: each name outside the standard ones would be a new series
        Key key = new Key(upstream, METHODS.contains(method) ? method : "OTHER", outcome, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            if (timers.size() >= MAX_TIMERS) {
                timers.clear();
            }
            timer = timers.computeIfAbsent(key, UpstreamMetrics.this::register);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Key key) {
        Upstream upstream = key.upstream();
        String method = key.method();
        String outcome = key.outcome();
        String status = key.status();
        return Timer.builder(REQUESTS)
                .description("Requests the gateway sent to an upstream instance, until the answer's headers")
                .tag("service", upstream.service())
                .tag("instance", upstream.id())
                .tag("method", method)
                .tag("outcome", outcome)
                .tag("status", status)
                .register(registry);
    }

    private record Key(Upstream upstream, String method, String outcome, String status) {
    }
}
