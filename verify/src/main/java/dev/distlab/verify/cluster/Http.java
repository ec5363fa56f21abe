package dev.distlab.verify.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client of a run: HTTP/1.1, short connect timeout, and a per-request timeout (5 s by default) so
 * a partitioned or paused instance turns into a timeout, never a hung client.
 */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** An answer: status, body text, the X-Instance-Id that served it (or null) and the Content-Type. */
    public record Response(int status, String body, String instance, String contentType, String etag) {

        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        /**
         * A 503 the gateway gave itself: it had no instance of the service in rotation, so the request was
         * never sent and certainly did nothing.
         */
        public boolean notSent() {
            return status == 503 && "gateway".equals(instance);
        }
    }

    public Response get(String url) throws IOException {
        return send("GET", url, null, Map.of(), DEFAULT_TIMEOUT);
    }

    public Response send(String method, String url, String body, Map<String, String> headers) throws IOException {
        return send(method, url, body, headers, DEFAULT_TIMEOUT);
    }

    /**
     * Sends one request. Throws IOException when there is no answer (refused, reset, timed out): callers
     * decide whether that means "certainly not done" or "unknown".
     */
    public Response send(String method, String url, String body, Map<String, String> headers, Duration timeout)
            throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        try {
            var response = client.send(builder.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("X-Instance-Id").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("ETag").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }
}
