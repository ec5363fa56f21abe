package dev.distlab.gateway.routing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.distlab.gateway.health.Upstream;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The gateway's span of a proxied request. A request that arrives with a W3C trace context joins it (the client's
 * sampling decision holds); one that arrives without starts a trace here, recorded as the tracer's sampler decides
 * ({@code management.tracing.sampling.probability}). Either way the upstream gets a {@code traceparent} whose parent
 * is the gateway's span, so that the services make no sampling decision of their own and one request is one trace,
 * whole or absent.
 *
 * <p>Recording a span for every proxied request cost 14 to 18 % of the gateway's CPU (docs/BENCHMARKS.md), so only
 * sampled requests are recorded: an unsampled one gets Brave's no-op span, whose only costs are its ids and the
 * header. {@code gateway.upstream.requests} times every proxied request per instance either way.
 */
final class ProxyTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    /** With a null tracer or propagator nothing is traced. */
    ProxyTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * The gateway's span: a child of the client's when it sent one, else the root of a new trace (a no-op span when
     * that trace is not sampled); null when there is no tracer.
     */
    Span start(ProxyRequest request) {
        if (tracer == null || propagator == null) {
            return null;
        }
        Span.Builder builder = request.headers().contains("traceparent")
                ? propagator.extract(request.headers(), (headers, key) -> headers.get(key))
                // a root: the front's event loop threads never have a span in scope
                : tracer.spanBuilder();
        return builder.name("http " + request.method().name().toLowerCase(Locale.ROOT))
                .kind(Span.Kind.SERVER)
                .tag("http.url", request.path())
                .start();
    }

    /**
     * The trace headers that make {@code span} the upstream's parent, its sampling decision included (a no-op span's
     * say "not sampled"); none without a span.
     */
    Map<String, String> headers(Span span) {
        if (span == null) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(span.context(), headers, Map::put);
        return headers;
    }

    /** Ends the span with the answer's status and the instance that gave it (null when none did). */
    void end(Span span, Upstream upstream, int status, Throwable error) {
        if (span == null || span.isNoop()) {
            return;
        }
        span.tag("http.status_code", Integer.toString(status));
        if (upstream != null) {
            span.tag("instance", upstream.id());
        }
        if (error != null) {
            span.error(error);
        }
        span.end();
    }
}
