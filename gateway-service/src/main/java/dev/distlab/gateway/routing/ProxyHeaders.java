package dev.distlab.gateway.routing;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What crosses the gateway of a request's and an answer's head. Hop-by-hop headers (RFC 9110 7.6.1), and those the
 * {@code Connection} header names, stay on their own hop; the body's length is set from the body; the client's
 * address, scheme and host go up in {@code X-Forwarded-*}.
 */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    /** Set from the target and the body, never copied. */
    private static final Set<String> FROM_THE_REQUEST = Set.of("host", "content-length", "expect");

    private ProxyHeaders() {
    }

    /**
     * The request as it goes to an upstream at {@code authority} ({@code host:port}), with its body (a retained
     * duplicate of the client's, so that it can be sent again) and, when given, extra headers (the trace context).
     */
    static FullHttpRequest toUpstream(ProxyRequest request, String authority, Map<String, String> extra) {
        return build(request, authority, true, extra);
    }

    /**
     * The request as it goes to the gateway's own endpoints behind the front: the client's {@code Host} is kept, so
     * that what those endpoints write about themselves (links, the Swagger UI's server) names the gateway.
     */
    static FullHttpRequest toOwnEndpoints(ProxyRequest request) {
        return build(request, null, false, Map.of());
    }

    private static FullHttpRequest build(ProxyRequest request, String authority, boolean forwardedHost,
            Map<String, String> extra) {
        ByteBuf body = request.body().retainedDuplicate();
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(), body,
                false);
        HttpHeaders from = request.headers();
        HttpHeaders to = out.headers();
        Set<String> named = namedByConnection(from);
        for (Map.Entry<String, String> header : from) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || FROM_THE_REQUEST.contains(lower) || named.contains(lower)) {
                continue;
            }
            to.add(header.getKey(), header.getValue());
        }
        String host = from.get(HttpHeaderNames.HOST);
        to.set(HttpHeaderNames.HOST, authority != null ? authority : host != null ? host : "localhost");
        if (body.isReadable() || expectsBody(request.method())) {
            to.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        String forwardedFor = from.get("X-Forwarded-For");
        to.set("X-Forwarded-For", forwardedFor == null ? request.clientAddress()
                : forwardedFor + ", " + request.clientAddress());
        if (!from.contains("X-Forwarded-Proto")) {
            to.set("X-Forwarded-Proto", "http");
        }
        if (forwardedHost && host != null && !from.contains("X-Forwarded-Host")) {
            to.set("X-Forwarded-Host", host);
        }
        extra.forEach(to::set);
        return out;
    }

    /**
     * The head of an upstream's answer as the client gets it. An answer whose length the upstream did not say (it
     * was chunked, or ended by closing) goes on chunked, so that the client's connection can be kept.
     */
    static HttpResponse toClient(HttpResponse answer, boolean headRequest) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, answer.status());
        HttpHeaders from = answer.headers();
        Set<String> named = namedByConnection(from);
        for (Map.Entry<String, String> header : from) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
                head.headers().add(header.getKey(), header.getValue());
            }
        }
        int status = answer.status().code();
        boolean bodiless = headRequest || status == 204 || status == 304 || status < 200;
        if (!bodiless && !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        return head;
    }

    private static boolean expectsBody(HttpMethod method) {
        return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method);
    }

    private static Set<String> namedByConnection(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String token : connection.split(",")) {
            names.add(token.trim().toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
