package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the participant with {@link InMemoryConfigStore} instead of the replicated store; talks HTTP to it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-7",
                // the readiness group names the replication layer's 'paxos' indicator, absent here
                "management.endpoint.health.validate-group-membership=false" })
@Import(InMemoryConfigStoreConfiguration.class)
abstract class ConfigApiTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    InMemoryConfigStore store;

    @BeforeEach
    void resetStore() {
        store.reset();
    }

    HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        return send(request("GET", path, null));
    }

    HttpResponse<String> put(String key, String value) {
        return send(request("PUT", "/api/config/" + key, body(value)));
    }

    HttpResponse<String> delete(String key) {
        return send(request("DELETE", "/api/config/" + key, null));
    }

    /** {@code {"value": "<value>"}} with the value JSON-escaped. */
    static String body(String value) {
        return JSON.createObjectNode().put("value", value).toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static long revisionHeader(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("X-Config-Revision").orElseThrow());
    }

    /** The response is the entry, with the matching ETag. */
    static void assertEntry(HttpResponse<String> response, int status, String key, String value, long version,
            long createRevision, long modRevision) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode entry = json(response);
        assertThat(entry.path("key").asString()).isEqualTo(key);
        assertThat(entry.path("value").asString()).isEqualTo(value);
        assertThat(entry.path("version").asLong()).as("version").isEqualTo(version);
        assertThat(entry.path("createRevision").asLong()).as("createRevision").isEqualTo(createRevision);
        assertThat(entry.path("modRevision").asLong()).as("modRevision").isEqualTo(modRevision);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + modRevision + "\"");
        assertThat(response.headers().firstValue("X-Config-Revision")).isPresent();
    }

    /** The response is a problem+json with this status, from this instance, and no stack trace. */
    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                .startsWith("application/problem+json");
        assertThat(response.headers().firstValue("X-Instance-Id")).hasValue("participant-7");
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotEmpty();
        assertThat(problem.path("type").asString()).isNotEmpty();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
