package dev.distlab.coordinator.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls to a test coordinator, answered as status, headers and JSON body. */
public final class Api {

    /** An answer: status, body (null if empty) and the response itself for headers. */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String text(String field) {
            JsonNode v = body == null ? null : body.get(field);
            return v == null || v.isNull() ? null : v.asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Response get(String path) {
        return send("GET", path, null, null, false);
    }

    /** A GET with the cluster token. */
    public Response internalGet(String path) {
        return send("GET", path, null, null, true);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, null, false);
    }

    public Response post(String path, String json, String idempotencyKey) {
        return send("POST", path, json, idempotencyKey, false);
    }

    public Response transfer(String from, String to, long amount) {
        return transfer(from, to, amount, null);
    }

    public Response transfer(String from, String to, long amount, String key) {
        return post("/api/transfers", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}",
                key);
    }

    public Response send(String method, String path, String json, String idempotencyKey, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = r.headers().firstValue("Content-Type").filter(t -> t.contains("json")).isPresent();
            JsonNode body = !isJson || r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
