package dev.distlab.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.BalancerUpdate;
import dev.distlab.gateway.balancer.policy.PolicyType;
import dev.distlab.gateway.health.ReadinessProber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real gateway on a random port in front of fake participants and coordinators. Readiness checks run
 * only when a test asks ({@link #probe()}), so every health change in a test is deterministic (the consensus
 * history's samples likewise: none unless a test takes one). Before
 * each test every fake is up and ready, every instance is back in the rotation and both services are
 * round-robin with weight 1 (a fresh round starting at the first instance).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class GatewayTestBase {

    protected static final String TOKEN = "test-cluster-token";
    protected static final String PARTICIPANTS = "participant-service";
    protected static final String COORDINATORS = "coordinator-service";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("gateway.services.participant-service", () -> TestUpstreams.serviceList(TestUpstreams.PARTICIPANTS));
        registry.add("gateway.services.coordinator-service", () -> TestUpstreams.serviceList(TestUpstreams.COORDINATORS));
        registry.add("platform.cluster-token", () -> TOKEN);
        // the fake upstreams do not implement the config store; StoredBalancerSettingsTest covers that path
        registry.add("gateway.balancer.store.enabled", () -> "false");
        registry.add("gateway.health.probe-interval", () -> "1h");
        // the consensus history samples only when a test asks (ConsensusApiTest), keeping at most 10 samples
        registry.add("gateway.dashboard.history-interval", () -> "1h");
        registry.add("gateway.dashboard.history-retention", () -> "10h");
        registry.add("gateway.health.probe-failures", () -> "1");
        registry.add("gateway.health.base-ejection", () -> "5s");
        registry.add("management.defaults.metrics.export.enabled", () -> "true");
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected BalancerRegistry registry;

    @Autowired
    protected ReadinessProber prober;

    @BeforeEach
    void everyInstanceUpReadyAndRoundRobin() {
        TestUpstreams.all().forEach(u -> {
            u.restart();
            u.hangUp(false);
            u.forgetAnswers();
            u.ready(false);
        });
        probe(); // a failed check followed by a passing one ends any ejection left by an earlier test
        TestUpstreams.all().forEach(u -> u.ready(true));
        probe();
        for (String service : registry.services()) {
            Map<String, Integer> ones = registry.instanceIdsOf(service).stream()
                    .collect(Collectors.toMap(id -> id, id -> 1));
            registry.apply(service, new BalancerUpdate(Optional.of(PolicyType.ROUND_ROBIN), ones));
        }
        TestUpstreams.all().forEach(FakeUpstream::clear);
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
        assertThat(health(COORDINATORS)).doesNotContainValue(false);
    }

    protected void probe() {
        prober.probeAll();
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    protected HttpResponse<String> send(String method, String path, String body, String token,
            String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String instanceId(HttpResponse<String> response) {
        assertThat(response.headers().allValues("X-Instance-Id")).as("exactly one X-Instance-Id").hasSize(1);
        return response.headers().firstValue("X-Instance-Id").orElseThrow();
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String instanceId) {
        assertThat(response.statusCode()).as("%s %s -> %s", response.request().method(), response.uri(),
                response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(instanceId(response)).isEqualTo(instanceId);
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    protected JsonNode balancer(String service) {
        HttpResponse<String> response = get("/api/gateway/balancers/" + service);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    protected Map<String, Boolean> health(String service) {
        Map<String, Boolean> health = new TreeMap<>();
        balancer(service).path("instances").forEach(i -> health.put(i.path("id").asString(), i.path("healthy").asBoolean()));
        return health;
    }

    protected Map<String, Long> requestCounts(String service) {
        Map<String, Long> counts = new TreeMap<>();
        balancer(service).path("instances").forEach(i -> counts.put(i.path("id").asString(), i.path("requests").asLong()));
        return counts;
    }

    /** GETs the path n times; counts the answering instances by X-Instance-Id, all answers must be 200. */
    protected Map<String, Integer> hit(String path, int times) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            counts.merge(instanceId(response), 1, Integer::sum);
        }
        return counts;
    }
}
