package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** The gateway's balancer API as the tests use it. */
final class Balancers {

    static final String PARTICIPANTS = "participant-service";

    private final LocalCluster cluster;

    Balancers(LocalCluster cluster) {
        this.cluster = cluster;
    }

    JsonNode state(String service) {
        HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/gateway/balancers/" + service);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    void set(String service, String policy, Map<String, Integer> weights) {
        String body = Http.JSON.writeValueAsString(Map.of("policy", policy, "weights", weights));
        HttpResponse<String> response = Http.send("PUT", cluster.gatewayUrl() + "/api/gateway/balancers/" + service,
                body, cluster.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.json(response).path("policy").asString()).isEqualTo(policy);
    }

    void reset() {
        set(PARTICIPANTS, "round-robin", Map.of("participant-1", 1, "participant-2", 1, "participant-3", 1));
    }

    Map<String, Boolean> health(String service) {
        Map<String, Boolean> health = new TreeMap<>();
        for (JsonNode instance : state(service).path("instances")) {
            health.put(instance.path("id").asString(), instance.path("healthy").asBoolean());
        }
        return health;
    }

    /** Polls until the health map satisfies the condition; fails after the timeout. */
    Map<String, Boolean> awaitHealth(String service, Predicate<Map<String, Boolean>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Boolean> health = health(service);
        while (!condition.test(health)) {
            assertThat(System.nanoTime()).as("health of %s never satisfied the condition; last seen %s", service,
                    health).isLessThan(deadline);
            sleep(200);
            health = health(service);
        }
        return health;
    }

    void awaitAllHealthy(String service) {
        awaitHealth(service, h -> !h.isEmpty() && !h.containsValue(false), Duration.ofSeconds(60));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
