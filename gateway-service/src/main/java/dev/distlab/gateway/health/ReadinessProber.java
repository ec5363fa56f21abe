package dev.distlab.gateway.health;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every instance's readiness endpoint once per interval, all in parallel, and tells the tracker;
 * also lets the tracker report instances whose back-off has ended. A check passes on any 2xx answer within
 * the timeout. A check still running when the next is due is not started twice.
 */
public class ReadinessProber {

    private static final Logger log = LoggerFactory.getLogger(ReadinessProber.class);

    private final HealthTracker tracker;
    private final Supplier<List<Upstream>> upstreams;
    private final String path;
    private final Duration interval;
    private final InstanceGets gets;
    private final Set<Upstream> inFlight = ConcurrentHashMap.newKeySet();

    public ReadinessProber(HealthTracker tracker, Supplier<List<Upstream>> upstreams, String path, Duration interval,
            Duration timeout) {
        this(tracker, upstreams, path, interval, timeout, UnaryOperator.identity());
    }

    /** {@code decorator} wraps the probes' HTTP client (the platform's fault injection). */
    public ReadinessProber(HealthTracker tracker, Supplier<List<Upstream>> upstreams, String path, Duration interval,
            Duration timeout, UnaryOperator<HttpClient> decorator) {
        this.tracker = tracker;
        this.upstreams = upstreams;
        this.path = path;
        this.interval = interval;
        this.gets = new InstanceGets(timeout, decorator);
    }

    /** Checks every instance now and returns when all checks have finished. */
    public void probeAll() {
        tracker.tick();
        CompletableFuture.allOf(upstreams.get().stream().map(this::probe).toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> probe(Upstream upstream) {
        if (!inFlight.add(upstream)) {
            return CompletableFuture.completedFuture(null);
        }
        return gets.get(upstream.uri(), path, Map.of(), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    inFlight.remove(upstream);
                    if (error != null) {
                        tracker.recordProbe(upstream, false, describe(error));
                    } else if (response.statusCode() / 100 == 2) {
                        tracker.recordProbe(upstream, true, null);
                    } else {
                        tracker.recordProbe(upstream, false, "HTTP " + response.statusCode());
                    }
                    return null;
                });
    }

    private static String describe(Throwable error) {
        Throwable cause = InstanceGets.causeOf(error);
        String message = cause.getMessage();
        if (cause instanceof InstanceGets.BadUri) {
            return message; // bad URI: ...
        }
        if (cause instanceof ConnectException && (message == null || message.isBlank())) {
            return "connection refused";
        }
        String name = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    /** The checks once per interval, from the application's start to its stop (a bean of its own). */
    PeriodicRounds rounds() {
        return PeriodicRounds.withFixedDelay("readiness-prober", interval, this::probeQuietly);
    }

    private void probeQuietly() {
        try {
            tracker.tick();
            upstreams.get().forEach(this::probe); // asynchronous: a hung instance does not delay the others
        } catch (RuntimeException e) {
            log.warn("Readiness round failed: {}", e.toString());
        }
    }
}
