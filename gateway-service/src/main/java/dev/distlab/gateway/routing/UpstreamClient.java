package dev.distlab.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One HTTP exchange with one upstream instance, straight on Apache HttpClient's pooled, blocking connections: the
 * client's request goes out with its method, raw path and query, headers and body; the answer comes back with its
 * status, headers and body, streamed. Hop-by-hop headers (RFC 9110 7.6.1) stay on their own hop.
 *
 * <p>This replaced Spring Cloud Gateway's proxy handler on the request path: that stack (router functions,
 * RestClient, header filters, message converters) cost about four times the CPU of the exchange itself
 * (docs/BENCHMARKS.md).
 */
final class UpstreamClient {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    /** Set by the client library from the target and the body, never copied. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "expect");
    private static final int BUFFER = 8192;

    private final CloseableHttpClient client;
    private final Duration ordinaryTimeout;
    private final RequestConfig ordinary;
    private final TraceContextInjector traces;

    /** Puts the current trace context (the gateway's span, when the request is observed) on an outgoing request. */
    @FunctionalInterface
    interface TraceContextInjector {
        void inject(BasicClassicHttpRequest request);
    }

    UpstreamClient(CloseableHttpClient client, Duration ordinaryTimeout, TraceContextInjector traces) {
        this.client = client;
        this.ordinaryTimeout = ordinaryTimeout;
        this.ordinary = config(ordinaryTimeout);
        this.traces = traces;
    }

    /**
     * Sends the request to the instance at {@code base} and returns its answer once the status line and headers
     * have arrived; the caller relays it and closes it. Throws what the connection threw when there is no answer.
     */
    ClassicHttpResponse send(URI base, HttpServletRequest request, byte[] body, Duration readTimeout)
            throws IOException {
        String query = request.getQueryString();
        String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        BasicClassicHttpRequest out = new BasicClassicHttpRequest(request.getMethod(), HttpHost.create(base), target);
        copyRequestHeaders(request, out);
        traces.inject(out);
        if (body != null) {
            out.setEntity(new ByteArrayEntity(body, null));
        }
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(readTimeout.equals(ordinaryTimeout) ? ordinary : config(readTimeout));
        return client.executeOpen(null, out, context);
    }

    /**
     * Writes the upstream's answer to the client. The first part of the body is read before anything is written, so
     * that an answer whose body breaks off at once leaves the client's response untouched, for a 502 instead. Reading
     * the upstream and writing the client fail differently: an {@link UpstreamBrokeException} means the upstream's
     * body broke off, and {@link UpstreamBrokeException#began()} says whether part of the answer was already relayed;
     * then what was relayed is flushed, so that the client sees the answer cut short, not a complete one.
     */
    static void relay(ClassicHttpResponse answer, HttpServletResponse response) throws IOException {
        HttpEntity entity = answer.getEntity();
        InputStream from = entity == null ? InputStream.nullInputStream() : entity.getContent();
        try (from) {
            byte[] buffer = new byte[BUFFER];
            int read = read(from, buffer, false, response);
            copyResponseHead(answer, response);
            OutputStream to = response.getOutputStream();
            while (read >= 0) {
                to.write(buffer, 0, read);
                read = read(from, buffer, true, response);
            }
        }
    }

    private static int read(InputStream from, byte[] buffer, boolean began, HttpServletResponse response)
            throws IOException {
        try {
            return from.read(buffer);
        } catch (IOException e) {
            if (began) {
                response.flushBuffer();
            }
            throw new UpstreamBrokeException(e, began);
        }
    }

    private static void copyResponseHead(ClassicHttpResponse answer, HttpServletResponse response) {
        response.setStatus(answer.getCode());
        for (Header header : answer.getHeaders()) {
            String name = header.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower)) {
                continue;
            }
            if (lower.equals("content-length")) {
                response.setContentLengthLong(Long.parseLong(header.getValue()));
            } else {
                response.addHeader(name, header.getValue());
            }
        }
    }

    private static void copyRequestHeaders(HttpServletRequest request, BasicClassicHttpRequest out) {
        Set<String> named = namedByConnection(request);
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || NOT_FORWARDED.contains(lower) || named.contains(lower)) {
                continue;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
                out.addHeader(name, values.nextElement());
            }
        }
        String client = request.getRemoteAddr();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        out.setHeader("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        if (request.getHeader("X-Forwarded-Proto") == null) {
            out.setHeader("X-Forwarded-Proto", request.getScheme());
        }
        if (request.getHeader("X-Forwarded-Host") == null && request.getHeader("Host") != null) {
            out.setHeader("X-Forwarded-Host", request.getHeader("Host"));
        }
    }

    /** Headers the client's {@code Connection} header names are hop-by-hop too. */
    private static Set<String> namedByConnection(HttpServletRequest request) {
        String connection = request.getHeader("Connection");
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String token : connection.split(",")) {
            names.add(token.trim().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static RequestConfig config(Duration readTimeout) {
        return RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build();
    }

    /** The upstream's answer broke off after its status and headers arrived. */
    static final class UpstreamBrokeException extends IOException {

        private final boolean began;

        UpstreamBrokeException(IOException cause, boolean began) {
            super(cause.getMessage(), cause);
            this.began = began;
        }

        /** Whether part of the answer had been relayed to the client already. */
        boolean began() {
            return began;
        }
    }
}
