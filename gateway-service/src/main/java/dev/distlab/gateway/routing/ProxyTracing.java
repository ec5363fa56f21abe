package dev.distlab.gateway.routing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.distlab.gateway.health.Upstream;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The gateway's span of a proxied request, only when the request arrives with a W3C trace context: the gateway
 * joins the traces clients start but starts none of its own, because tracing every proxied request cost 18 % of
 * the gateway's CPU (docs/BENCHMARKS.md). The upstream's parent span is then the gateway's.
 * {@code gateway.upstream.requests} times every proxied request per instance either way.
 */
final class ProxyTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    /** With a null tracer or propagator nothing is traced. */
    ProxyTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The gateway's span, a child of the client's, or null when the request is not traced. */
    Span start(ProxyRequest request) {
        if (tracer == null || propagator == null || !request.headers().contains("traceparent")) {
            return null;
        }
        return propagator.extract(request.headers(), (headers, key) -> headers.get(key))
                .name("http " + request.method().name().toLowerCase(Locale.ROOT))
                .kind(Span.Kind.SERVER)
                .tag("http.url", request.path())
                .start();
    }

    /** The trace headers that make {@code span} the upstream's parent; none when not traced. */
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
        if (span == null) {
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
