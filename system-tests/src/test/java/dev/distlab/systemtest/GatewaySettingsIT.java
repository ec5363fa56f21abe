package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The gateways' balancer settings live in the config store: a change made on one gateway, or written to the
 * store directly, reaches every gateway within a second, and survives a gateway restart.
 */
class GatewaySettingsIT extends ClusterTest {

    private static final String SETTING_KEY = "gateway/balancers/participant-service";
    private static final int SECOND_GATEWAY_PORT = 28079;
    private static Process secondGateway;

    @BeforeAll
    static void startSecondGateway() throws Exception {
        Path repo = Path.of(System.getProperty("distlab.repo", "..")).toAbsolutePath().normalize();
        File jar;
        try (var files = Files.list(repo.resolve("gateway-service/target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow()
                    .toFile();
        }
        List<String> participants = new ArrayList<>();
        for (int i = 1; i <= LocalCluster.PARTICIPANTS; i++) {
            participants.add("participant-" + i + "=" + cluster.participantUrl(i));
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--server.port=" + SECOND_GATEWAY_PORT, "--platform.instance-id=gateway-2",
                "--gateway.services.participant-service=" + String.join(",", participants),
                "--gateway.services.coordinator-service=coordinator-1=" + cluster.coordinatorUrl(1))
                .redirectErrorStream(true).redirectOutput(cluster.log("gateway-2").toFile());
        builder.environment().put("PLATFORM_CLUSTER_TOKEN", cluster.token());
        secondGateway = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (Http.get(secondGateway() + "/actuator/health/readiness").statusCode() == 200) {
                    break;
                }
            } catch (RuntimeException e) {
                // still starting
            }
            assertThat(secondGateway.isAlive()).as("gateway-2 died while starting").isTrue();
            assertThat(System.nanoTime()).as("gateway-2 not ready in 90 s").isLessThan(deadline);
            Balancers.sleep(250);
        }
    }

    @AfterAll
    static void stopSecondGateway() throws Exception {
        if (secondGateway != null) {
            secondGateway.destroy();
            secondGateway.waitFor();
        }
        balancers.reset();
    }

    @Test
    void shouldShareEveryChangeBetweenGatewaysThroughTheStoreAndKeepItAcrossARestart() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        balancers.reset();

        put(cluster.gatewayUrl(), "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5}}");
        JsonNode stored = Http.json(Http.get(cluster.gatewayUrl() + "/api/config/" + SETTING_KEY));
        assertThat(Http.JSON.readTree(stored.path("value").asString()).path("policy").asString()).isEqualTo("weighted");
        awaitSetting(secondGateway(), "weighted", w -> w.equals(Map.of("participant-1", 5, "participant-2", 1,
                "participant-3", 1)));

        put(secondGateway(), "{\"weights\":{\"participant-3\":0}}");
        Predicate<Map<String, Integer>> drained = w -> w.equals(Map.of("participant-1", 5, "participant-2", 1,
                "participant-3", 0));
        awaitSetting(cluster.gatewayUrl(), "weighted", drained);
        awaitSetting(secondGateway(), "weighted", drained);
        for (int i = 0; i < 20; i++) {
            assertThat(Http.instanceId(Http.get(cluster.gatewayUrl() + "/api/node"))).isNotEqualTo("participant-3");
            assertThat(Http.instanceId(Http.get(secondGateway() + "/api/node"))).isNotEqualTo("participant-3");
        }

        HttpResponse<String> direct = Http.send("PUT", cluster.participantUrl(1) + "/api/config/" + SETTING_KEY,
                "{\"value\":\"{\\\"policy\\\":\\\"random\\\",\\\"weights\\\":{}}\"}", cluster.token());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        Predicate<Map<String, Integer>> even = w -> w.values().stream().allMatch(x -> x == 1);
        awaitSetting(cluster.gatewayUrl(), "random", even);
        awaitSetting(secondGateway(), "random", even);

        HttpResponse<String> garbage = Http.send("PUT", cluster.participantUrl(2) + "/api/config/" + SETTING_KEY,
                "{\"value\":\"nonsense\"}", cluster.token());
        assertThat(garbage.statusCode()).isEqualTo(200);
        Balancers.sleep(1_000);
        assertThat(policy(cluster.gatewayUrl())).as("a malformed stored value is ignored").isEqualTo("random");

        put(cluster.gatewayUrl(), "{\"policy\":\"weighted\",\"weights\":{\"participant-2\":3}}");
        cluster.run(120, "restart", "gateway");
        assertThat(policy(cluster.gatewayUrl())).as("setting after restart").isEqualTo("weighted");
        assertThat(weights(cluster.gatewayUrl()).get("participant-2")).isEqualTo(3);
    }

    private static String secondGateway() {
        return "http://127.0.0.1:" + SECOND_GATEWAY_PORT;
    }

    private static void put(String gateway, String body) {
        HttpResponse<String> response = Http.send("PUT", gateway + "/api/gateway/balancers/participant-service", body,
                cluster.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The contract: every gateway applies a change within 1 s. */
    private static void awaitSetting(String gateway, String policy, Predicate<Map<String, Integer>> weights) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!(policy(gateway).equals(policy) && weights.test(weights(gateway)))) {
            assertThat(System.nanoTime()).as("%s did not apply %s within 1 s; it shows %s %s", gateway, policy,
                    policy(gateway), weights(gateway)).isLessThan(deadline);
            Balancers.sleep(20);
        }
    }

    private static String policy(String gateway) {
        return Http.json(Http.get(gateway + "/api/gateway/balancers/participant-service")).path("policy").asString();
    }

    private static Map<String, Integer> weights(String gateway) {
        Map<String, Integer> weights = new TreeMap<>();
        for (JsonNode instance : Http.json(Http.get(gateway + "/api/gateway/balancers/participant-service"))
                .path("instances")) {
            weights.put(instance.path("id").asString(), instance.path("weight").asInt());
        }
        return weights;
    }
}
