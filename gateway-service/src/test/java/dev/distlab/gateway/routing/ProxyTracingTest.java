package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The gateway starts a trace for a request that brings none, recorded as the sampler decides, and always tells the
 * upstream the decision in {@code traceparent}; a client's trace is joined whatever the sampler says.
 */
class ProxyTracingTest {

    private final List<MutableSpan> reported = new ArrayList<>();
    private Tracing tracing;

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void shouldStartASampledTraceAndRecordTheGatewaysSpan() {
        ProxyTracing proxy = tracing(Sampler.ALWAYS_SAMPLE);
        Span span = proxy.start(request(new DefaultHttpHeaders()));
        String traceparent = proxy.headers(span).get("traceparent");
        proxy.end(span, null, 200, null);

        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(reported).singleElement().satisfies(s -> {
            assertThat(s.traceId()).isEqualTo(traceparent.substring(3, 35));
            assertThat(s.id()).isEqualTo(traceparent.substring(36, 52));
            assertThat(s.name()).isEqualTo("http post");
            assertThat(s.tag("http.status_code")).isEqualTo("200");
        });
    }

    @Test
    void shouldRecordNothingForAnUnsampledRequestButPassTheDecisionUpstream() {
        ProxyTracing proxy = tracing(Sampler.NEVER_SAMPLE);
        Span span = proxy.start(request(new DefaultHttpHeaders()));
        String traceparent = proxy.headers(span).get("traceparent");
        proxy.end(span, null, 200, null);

        assertThat(span.isNoop()).isTrue();
        assertThat(traceparent).as("the services must not sample it again").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        assertThat(reported).isEmpty();
    }

    @Test
    void shouldJoinTheClientsSampledTraceWhateverTheSamplerSays() {
        ProxyTracing proxy = tracing(Sampler.NEVER_SAMPLE);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpHeaders headers = new DefaultHttpHeaders().add("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        Span span = proxy.start(request(headers));
        Map<String, String> up = proxy.headers(span);
        proxy.end(span, null, 200, null);

        assertThat(up.get("traceparent")).startsWith("00-" + traceId + "-").endsWith("-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(reported).singleElement().satisfies(s -> assertThat(s.parentId()).isEqualTo("00f067aa0ba902b7"));
    }

    private ProxyTracing tracing(Sampler sampler) {
        tracing = Tracing.newBuilder().traceId128Bit(true).sampler(sampler).propagationFactory(new W3CPropagation())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        reported.add(span);
                        return true;
                    }
                }).build();
        BraveTracer tracer = new BraveTracer(tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()));
        return new ProxyTracing(tracer, new BravePropagator(tracing));
    }

    private static ProxyRequest request(HttpHeaders headers) {
        return new ProxyRequest(HttpMethod.POST, "/api/transfers", "/api/transfers", headers, Unpooled.EMPTY_BUFFER,
                "127.0.0.1");
    }
}
