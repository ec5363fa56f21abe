package dev.distlab.common.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.distlab.common.testapp.SampleApplication;

/** The {@code faults} endpoint as an operator's client sees it, on the sample service. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.instance-id=sample-3", "platform.cluster-token=s3cret" })
class FaultsEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Clock clock;

    @AfterEach
    void clear() throws Exception {
        send("DELETE", "/actuator/faults", null, true);
    }

    @Test
    void shouldRequireTheClusterToken() throws Exception {
        assertThat(send("GET", "/actuator/faults", null, false).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/actuator/faults", "{\"kind\":\"fail\",\"direction\":\"in\"}", false).statusCode())
                .isEqualTo(401);
        assertThat(send("DELETE", "/actuator/faults", null, false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/actuator/faults", null, true).body()).contains("\"faults\":[]");
    }

    @Test
    void shouldAddListAndClearFaults() throws Exception {
        HttpResponse<String> added = send("POST", "/actuator/faults",
                "{\"kind\":\"delay\",\"target\":\"participant-2\",\"path\":\"/internal/paxos\",\"delayMs\":250,"
                        + "\"probability\":0.5,\"durationMs\":30000}", true);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).contains("\"id\":\"f-").contains("\"kind\":\"delay\"")
                .contains("\"direction\":\"out\"").contains("\"target\":\"participant-2\"")
                .contains("\"delayMs\":250").contains("\"probability\":0.5").contains("\"durationMs\":30000")
                .contains("\"createdAt\"").contains("\"expiresAt\"").contains("\"fired\":0");
        String id = added.body().replaceAll(".*\"id\":\"(f-\\d+)\".*", "$1");
        assertThat(send("GET", "/actuator/faults", null, true).body()).contains(id).contains("\"clockOffsetMs\":0");
        HttpResponse<String> cleared = send("DELETE", "/actuator/faults/" + id, null, true);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.body()).contains("\"cleared\":1");
        HttpResponse<String> unknown = send("DELETE", "/actuator/faults/" + id, null, true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        send("POST", "/actuator/faults", "{\"kind\":\"fail\",\"target\":\"*\"}", true);
        send("POST", "/actuator/faults", "{\"kind\":\"fail\",\"target\":\"*\"}", true);
        assertThat(send("DELETE", "/actuator/faults", null, true).body()).contains("\"cleared\":2");
    }

    @Test
    void shouldRefuseBadInputWith400ProblemAndAddNothing() throws Exception {
        for (String body : new String[] { "{\"kind\":\"explode\"}", "{}", "{\"kind\":\"delay\"}",
                "{\"kind\":\"fail\",\"probability\":2}", "{\"kind\":\"clock\",\"offsetMs\":99999999999}",
                "{\"kind\":\"drop\",\"durationMs\":0}", "{\"kind\":\"drop\",\"direction\":\"up\"}",
                "{\"kind\":\"drop\",\"durationMs\":\"soon\"}" }) {
            HttpResponse<String> refused = send("POST", "/actuator/faults", body, true);
            assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(body).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(send("GET", "/actuator/faults", null, true).body()).contains("\"faults\":[]");
    }

    @Test
    void shouldMoveThePlatformClockAndFailIncomingRequestsButNeverTheEndpoint() throws Exception {
        Instant before = clock.instant();
        send("POST", "/actuator/faults", "{\"kind\":\"clock\",\"offsetMs\":-3600000}", true);
        assertThat(send("GET", "/actuator/faults", null, true).body()).contains("\"clockOffsetMs\":-3600000");
        assertThat(clock.instant()).isBefore(before.minus(Duration.ofMinutes(59)));
        send("POST", "/actuator/faults", "{\"kind\":\"fail\",\"direction\":\"in\",\"path\":\"/api\"}", true);
        HttpResponse<String> refused = send("GET", "/api/items/abc", null, false);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("Fault injected");
        assertThat(refused.headers().firstValue("X-Instance-Id")).hasValue("sample-3");
        assertThat(send("GET", "/actuator/faults", null, true).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/metrics/platform.faults.fired", null, true).body()).contains("fail");
    }

    private HttpResponse<String> send(String method, String path, String body, boolean token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token) {
            builder.header("Authorization", "Bearer s3cret");
        }
        return http.send(builder.build(), BodyHandlers.ofString());
    }
}
