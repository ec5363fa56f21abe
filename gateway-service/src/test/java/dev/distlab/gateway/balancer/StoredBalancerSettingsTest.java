package dev.distlab.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.gateway.support.TestUpstreams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The balancer settings kept in the config store: a real gateway whose store is a fake (behind a first replica
 * that refuses connections, so the client's fail-over is exercised too).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StoredBalancerSettingsTest {

    private static final String TOKEN = "test-cluster-token";
    private static final String PARTICIPANT_KEY = "gateway/balancers/participant-service";
    private static final String COORDINATOR_KEY = "gateway/balancers/coordinator-service";
    private static final String PARTICIPANT_BALANCER = "/api/gateway/balancers/participant-service";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final FakeConfigStore STORE = FakeConfigStore.start(TOKEN);

    static {
        // there before the gateway starts: it must load it
        STORE.put(COORDINATOR_KEY, "{\"policy\":\"random\",\"weights\":{\"coordinator-2\":3}}");
    }

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("gateway.services.participant-service", () -> TestUpstreams.serviceList(TestUpstreams.PARTICIPANTS));
        registry.add("gateway.services.coordinator-service", () -> TestUpstreams.serviceList(TestUpstreams.COORDINATORS));
        registry.add("platform.cluster-token", () -> TOKEN);
        registry.add("gateway.health.probe-interval", () -> "1h");
        registry.add("gateway.balancer.store.enabled", () -> "true");
        registry.add("gateway.balancer.store.replicas", () -> closedPort() + "," + STORE.url());
        registry.add("gateway.balancer.store.request-timeout", () -> "2s");
        registry.add("gateway.balancer.store.poll-timeout", () -> "5s");
        registry.add("gateway.balancer.store.max-backoff", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    StoredBalancerSettings stored;

    @BeforeEach
    void participantSettingAbsentAndStoreUp() throws InterruptedException {
        TestUpstreams.all().forEach(u -> {
            u.restart();
            u.ready(true);
        });
        STORE.available(true);
        STORE.clearFaults();
        STORE.delete(PARTICIPANT_KEY);
        awaitSynced();
        assertThat(policyAndWeights()).isEqualTo("round-robin [1, 1, 1]");
        STORE.clearRequests(); // each test counts only its own requests
    }

    @Test
    void shouldLoadTheStoredSettingsAtStartup() {
        JsonNode coordinators = balancer("coordinator-service");
        assertThat(coordinators.path("policy").asString()).isEqualTo("random");
        assertThat(coordinators.path("instances").findValues("weight")).extracting(JsonNode::asInt)
                .containsExactly(1, 3);
    }

    @Test
    void shouldWriteThePutToTheStoreThenApplyIt() {
        HttpResponse<String> response = put("{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("policy").asString()).isEqualTo("weighted");
        assertThat(policyAndWeights()).isEqualTo("weighted [5, 1, 1]");
        assertThat(STORE.value(PARTICIPANT_KEY)).isEqualTo("{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5}}");

        // a PUT changes only what it names, on top of the stored setting: the full result is stored
        assertThat(put("{\"weights\":{\"participant-3\":0}}").statusCode()).isEqualTo(200);
        assertThat(STORE.value(PARTICIPANT_KEY))
                .isEqualTo("{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5,\"participant-3\":0}}");
        assertThat(policyAndWeights()).isEqualTo("weighted [5, 1, 0]");
    }

    @Test
    void shouldMergeOntoWhatAnotherGatewayStoredMeanwhile() {
        // another gateway stored a weight this one may not have applied yet: the PUT builds on the stored setting
        STORE.put(PARTICIPANT_KEY, "{\"policy\":\"round-robin\",\"weights\":{\"participant-2\":7}}");
        assertThat(put("{\"policy\":\"weighted\"}").statusCode()).isEqualTo(200);
        assertThat(STORE.value(PARTICIPANT_KEY))
                .isEqualTo("{\"policy\":\"weighted\",\"weights\":{\"participant-2\":7}}");
        assertThat(policyAndWeights()).isEqualTo("weighted [1, 7, 1]");
    }

    @Test
    void shouldApplyAChangeWrittenStraightToTheStoreWithinOneSecond() {
        STORE.put(PARTICIPANT_KEY, "{\"policy\":\"random\",\"weights\":{\"participant-3\":9}}");
        assertThat(awaitState("random [1, 1, 9]", Duration.ofSeconds(1))).isTrue();

        STORE.delete(PARTICIPANT_KEY);
        assertThat(awaitState("round-robin [1, 1, 1]", Duration.ofSeconds(1))).as("deleted: defaults").isTrue();
    }

    @Test
    void shouldAnswer503AndChangeNothingWhenTheStoreHasNoMajority() {
        long revision = STORE.revision();
        STORE.available(false);
        HttpResponse<String> response = put("{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5}}");
        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(policyAndWeights()).isEqualTo("round-robin [1, 1, 1]");
        STORE.available(true);
        assertThat(STORE.revision()).isEqualTo(revision);
        assertThat(STORE.value(PARTICIPANT_KEY)).isNull();
    }

    @Test
    void shouldAnswer503AndNotApplyWhenTheStoreWriteOutcomeIsUnknown() {
        STORE.failNext("PUT", 503, 1); // the read succeeds, the write is answered 503 after it was sent
        HttpResponse<String> response = put("{\"policy\":\"weighted\"}");
        assertProblem(response, 503);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("may or may not");
        assertThat(STORE.requests().stream().filter(r -> r.method().equals("PUT")).count())
                .as("an unknown outcome is never retried").isEqualTo(1);
        assertThat(policyAndWeights()).isEqualTo("round-robin [1, 1, 1]");
    }

    @Test
    void shouldSayTheTokenIsWrongWhenTheStoreRefusesIt() {
        STORE.failNext("PUT", 403, 1); // as a store whose cluster token is not this gateway's answers
        HttpResponse<String> response = put("{\"policy\":\"weighted\"}");
        assertProblem(response, 503);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("cluster token");
        assertThat(STORE.value(PARTICIPANT_KEY)).isNull();
        assertThat(policyAndWeights()).isEqualTo("round-robin [1, 1, 1]");
    }

    @Test
    void shouldSendTheClusterTokenWithEveryWriteToTheStore() {
        assertThat(put("{\"policy\":\"random\"}").statusCode()).isEqualTo(200);
        assertThat(STORE.requests().stream().filter(r -> r.method().equals("PUT")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer " + TOKEN));
    }

    @Test
    void shouldRefuseBadUpdatesWithoutTouchingTheStore() {
        long revision = STORE.revision();
        assertProblem(put("{\"policy\":\"fastest\"}"), 400);
        assertProblem(put("{\"weights\":{\"participant-9\":1}}"), 400);
        assertProblem(send("PUT", "/api/gateway/balancers/no-such-service", "{\"policy\":\"random\"}"), 404);
        assertThat(STORE.revision()).isEqualTo(revision);
    }

    @Test
    void shouldIgnoreAMalformedStoredValueAndKeepThePreviousSetting() throws InterruptedException {
        STORE.put(PARTICIPANT_KEY, "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":4}}");
        assertThat(awaitState("weighted [4, 1, 1]", Duration.ofSeconds(1))).isTrue();
        for (String bad : List.of("not json", "{\"policy\":\"fastest\"}", "{\"weights\":{\"participant-1\":2}}",
                "{\"policy\":\"random\",\"weights\":{\"participant-1\":-3}}", "[]")) {
            STORE.put(PARTICIPANT_KEY, bad);
            awaitSynced();
            assertThat(policyAndWeights()).as(bad).isEqualTo("weighted [4, 1, 1]");
        }
        // a PUT over a malformed stored value builds on the setting in force and repairs the stored one
        assertThat(put("{\"weights\":{\"participant-2\":2}}").statusCode()).isEqualTo(200);
        assertThat(policyAndWeights()).isEqualTo("weighted [4, 2, 1]");
        assertThat(STORE.value(PARTICIPANT_KEY))
                .isEqualTo("{\"policy\":\"weighted\",\"weights\":{\"participant-1\":4,\"participant-2\":2}}");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static String closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitSynced() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stored.syncedRevision() < STORE.revision()) {
            assertThat(System.nanoTime()).as("gateway caught up with the store").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private boolean awaitState(String expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Predicate<String> matches = expected::equals;
        while (System.nanoTime() < deadline) {
            if (matches.test(policyAndWeights())) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return matches.test(policyAndWeights());
    }

    private String policyAndWeights() {
        JsonNode state = balancer("participant-service");
        return state.path("policy").asString() + " " + state.path("instances").findValues("weight");
    }

    private JsonNode balancer(String service) {
        HttpResponse<String> response = send("GET", "/api/gateway/balancers/" + service, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> put(String body) {
        return send("PUT", PARTICIPANT_BALANCER, body);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN);
        }
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asString()).isNotBlank();
    }
}
