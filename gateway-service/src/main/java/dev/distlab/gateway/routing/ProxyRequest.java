package dev.distlab.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * A client's request as the front received it, whole: the body is read before the first attempt (bounded by the
 * body size limit), so that a request that never left can be sent to another instance again.
 *
 * @param uri the request target as sent: raw path and query
 * @param path the raw path, without the query
 * @param body the body, empty when there is none; owned by the front, which releases it when the answer is done
 * @param clientAddress the client's IP address, for {@code X-Forwarded-For}
 */
record ProxyRequest(HttpMethod method, String uri, String path, HttpHeaders headers, ByteBuf body,
        String clientAddress) {

    /** The raw query, or null when there is none. */
    String query() {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    boolean isHead() {
        return HttpMethod.HEAD.equals(method);
    }
}
