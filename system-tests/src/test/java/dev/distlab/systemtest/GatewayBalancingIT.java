package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Each policy's distribution, as a client sees it through X-Instance-Id, with real processes. */
class GatewayBalancingIT extends ClusterTest {

    @BeforeEach
    void allParticipantsHealthy() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        balancers.reset();
    }

    @AfterEach
    void resetPolicy() {
        balancers.reset();
    }

    @Test
    void shouldSpreadRequestsExactlyEvenlyWithRoundRobin() {
        Map<String, Integer> counts = hitNode(300);
        assertThat(counts).containsOnly(Map.entry("participant-1", 100), Map.entry("participant-2", 100),
                Map.entry("participant-3", 100));
    }

    @Test
    void shouldFollowWeightsAfterSwitchingToWeightedAtRuntime() {
        balancers.set(Balancers.PARTICIPANTS, "weighted",
                Map.of("participant-1", 5, "participant-2", 1, "participant-3", 1));
        Map<String, Integer> counts = hitNode(700);
        assertThat(counts.get("participant-1")).isBetween(498, 502);
        assertThat(counts.get("participant-2")).isBetween(98, 102);
        assertThat(counts.get("participant-3")).isBetween(98, 102);
    }

    @Test
    void shouldSendNothingToAnInstanceWithWeightZero() {
        balancers.set(Balancers.PARTICIPANTS, "weighted",
                Map.of("participant-1", 1, "participant-2", 0, "participant-3", 1));
        Map<String, Integer> counts = hitNode(200);
        assertThat(counts).doesNotContainKey("participant-2");
        assertThat(counts.get("participant-1")).isBetween(99, 101);
    }

    @Test
    void shouldSpreadRequestsRoughlyEvenlyWithRandom() {
        balancers.set(Balancers.PARTICIPANTS, "random",
                Map.of("participant-1", 1, "participant-2", 1, "participant-3", 1));
        Map<String, Integer> counts = hitNode(600);
        assertThat(counts).hasSize(3);
        // expected 200 each; 120..280 is far outside what a fair random choice produces by chance
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(120, 280));
    }

    @Test
    void shouldCountRequestsPerInstanceInTheBalancerApi() {
        Map<String, Long> before = requestCounts();
        Map<String, Integer> counts = hitNode(30);
        Map<String, Long> after = requestCounts();
        for (Map.Entry<String, Integer> seen : counts.entrySet()) {
            assertThat(after.get(seen.getKey()) - before.get(seen.getKey())).isEqualTo(seen.getValue().longValue());
        }
    }

    @Test
    void shouldExposePerInstanceMetrics() {
        hitNode(6);
        String metrics = Http.get(cluster.gatewayUrl() + "/actuator/prometheus").body();
        for (String id : new String[] { "participant-1", "participant-2", "participant-3" }) {
            assertThat(metrics).contains("instance=\"" + id + "\"");
        }
    }

    private Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode instance : balancers.state(Balancers.PARTICIPANTS).path("instances")) {
            counts.put(instance.path("id").asString(), instance.path("requests").asLong());
        }
        return counts;
    }

    private static Map<String, Integer> hitNode(int requests) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/node");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String id = Http.instanceId(response);
            assertThat(Http.json(response).path("id").asString()).isEqualTo(id);
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }
}
