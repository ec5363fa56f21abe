package dev.distlab.systemtest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the images and brings up docker-compose.yml as it is, then uses the platform through the gateway.
 * Needs Docker with the compose plugin; skipped without them (the docker command is looked for first, so that a
 * machine without Docker skips quietly). The first run builds three images, which takes minutes.
 */
@EnabledIf(value = "dockerComposeAvailable", disabledReason = "needs Docker with the docker compose plugin")
class ComposeIT {

    private static final int PORT = 8080;
    private static final Duration STARTUP = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "compose-it-" + UUID.randomUUID();

    private static ComposeContainer compose;
    private static String gateway;

    static boolean dockerComposeAvailable() {
        return succeeds("docker", "compose", "version") && DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void up() throws IOException {
        compose = new ComposeContainer(Repo.root().resolve("docker-compose.yml").toFile())
                .withBuild(true)
                .withEnv("DISTLAB_CLUSTER_TOKEN", TOKEN)
                // not 8080, which a local ./cluster may hold
                .withEnv("DISTLAB_GATEWAY_PORT", String.valueOf(freePort()))
                .withExposedService("gateway", PORT, Wait.forHttp("/actuator/health/readiness").forStatusCode(200)
                        .withStartupTimeout(STARTUP))
                .withStartupTimeout(STARTUP)
                .withRemoveVolumes(true);
        compose.start();
        gateway = "http://" + compose.getServiceHost("gateway", PORT) + ":" + compose.getServicePort("gateway", PORT);
    }

    @AfterAll
    static void down() {
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void configWriteIsReadBackThroughTheGateway() throws Exception {
        String key = "deploy/compose-it/" + UUID.randomUUID();
        String value = "written through docker compose";
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(gateway + "/api/config/" + key))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("value", value)))));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("X-Instance-Id")).hasValueSatisfying(id -> assertThat(id)
                .matches("participant-[123]"));

        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(gateway + "/api/config/" + key)).GET());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).path("value").asString()).isEqualTo(value);
    }

    @Test
    void gatewaySeesEveryParticipantHealthy() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        List<String> healthy;
        do {
            healthy = new ArrayList<>();
            JsonNode balancers = JSON.readTree(send(HttpRequest.newBuilder(
                    URI.create(gateway + "/api/gateway/balancers")).GET()).body());
            for (JsonNode balancer : balancers) {
                if ("participant-service".equals(balancer.path("service").asString())) {
                    for (JsonNode instance : balancer.path("instances")) {
                        if (instance.path("healthy").asBoolean()) {
                            healthy.add(instance.path("id").asString());
                        }
                    }
                }
            }
            if (healthy.size() < 3) {
                TimeUnit.SECONDS.sleep(1);
            }
        } while (healthy.size() < 3 && Instant.now().isBefore(deadline));
        assertThat(healthy).containsExactlyInAnyOrder("participant-1", "participant-2", "participant-3");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
