package dev.distlab.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.GatewayTestBase;
import tools.jackson.databind.JsonNode;

class BalancerApiTest extends GatewayTestBase {

    private static final String PARTICIPANT_BALANCER = "/api/gateway/balancers/participant-service";

    @Test
    void shouldShowEveryServiceWithPolicyAndInstances() {
        HttpResponse<String> response = get("/api/gateway/balancers");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(instanceId(response)).isEqualTo("gateway");
        JsonNode all = json(response);
        assertThat(all.findValuesAsString("service")).containsExactly("participant-service", "coordinator-service");
        JsonNode participants = all.get(0);
        assertThat(participants.path("policy").asString()).isEqualTo("round-robin");
        assertThat(participants.path("instances")).hasSize(3);
        JsonNode first = participants.path("instances").get(0);
        assertThat(first.path("id").asString()).isEqualTo("participant-1");
        assertThat(first.path("uri").asString()).startsWith("http://127.0.0.1:");
        assertThat(first.path("weight").asInt()).isEqualTo(1);
        assertThat(first.path("healthy").asBoolean()).isTrue();
        assertThat(first.path("requests").isIntegralNumber()).isTrue();
    }

    @Test
    void shouldCountRequestsPerInstance() {
        Map<String, Long> before = requestCounts(PARTICIPANTS);
        Map<String, Integer> seen = hit("/api/node", 9);
        Map<String, Long> after = requestCounts(PARTICIPANTS);
        seen.forEach((id, count) -> assertThat(after.get(id) - before.get(id)).as(id).isEqualTo(count.longValue()));
    }

    @Test
    void shouldSwitchToWeightedAtRuntimeAndFollowTheWeightsSmoothly() {
        HttpResponse<String> response = send("PUT", PARTICIPANT_BALANCER,
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5,\"participant-2\":1,\"participant-3\":1}}",
                TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode state = json(response);
        assertThat(state.path("policy").asString()).isEqualTo("weighted");
        assertThat(state.path("instances").findValues("weight")).extracting(JsonNode::asInt).containsExactly(5, 1, 1);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            order.add(instanceId(get("/api/node")));
        }
        List<String> cycle = List.of("participant-1", "participant-1", "participant-2", "participant-1",
                "participant-3", "participant-1", "participant-1");
        assertThat(order.subList(0, 7)).isEqualTo(cycle);
        assertThat(order.subList(7, 14)).isEqualTo(cycle);
        assertThat(balancer(PARTICIPANTS).path("policy").asString()).isEqualTo("weighted");
    }

    @Test
    void shouldSendNothingToAnInstanceWithWeightZeroUnderAnyPolicy() {
        for (String policy : List.of("weighted", "round-robin", "random")) {
            HttpResponse<String> response = send("PUT", PARTICIPANT_BALANCER,
                    "{\"policy\":\"" + policy + "\",\"weights\":{\"participant-2\":0}}", TOKEN);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(hit("/api/node", 20)).as(policy).doesNotContainKey("participant-2");
        }
    }

    @Test
    void shouldChangeOnlyWhatThePutNames() {
        send("PUT", PARTICIPANT_BALANCER, "{\"weights\":{\"participant-3\":7}}", TOKEN);
        JsonNode state = balancer(PARTICIPANTS);
        assertThat(state.path("policy").asString()).as("policy unchanged").isEqualTo("round-robin");
        assertThat(state.path("instances").findValues("weight")).extracting(JsonNode::asInt).containsExactly(1, 1, 7);
        send("PUT", PARTICIPANT_BALANCER, "{\"policy\":\"random\"}", TOKEN);
        state = balancer(PARTICIPANTS);
        assertThat(state.path("policy").asString()).isEqualTo("random");
        assertThat(state.path("instances").findValues("weight")).extracting(JsonNode::asInt).containsExactly(1, 1, 7);
    }

    @Test
    void shouldRefusePolicyChangeWithoutTheTokenAndChangeNothing() {
        String before = policyAndWeights();
        assertProblem(send("PUT", PARTICIPANT_BALANCER, "{\"policy\":\"random\"}", null), 401, "gateway");
        assertProblem(send("PUT", PARTICIPANT_BALANCER, "{\"policy\":\"random\"}", "not-the-token"), 401, "gateway");
        assertThat(policyAndWeights()).isEqualTo(before);
    }

    @Test
    void shouldRefuseBadUpdatesWithProblemAndChangeNothing() {
        String before = policyAndWeights();
        List<String> bad = List.of("{\"policy\": \"random\",", "not json at all", "",
                "{\"policy\":\"random\",\"colour\":1}", "{\"policy\":\"fastest\"}", "{\"policy\":7}",
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":-1}}",
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":1001}}",
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":1.5}}",
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":\"x\"}}",
                "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":5,\"participant-9\":1}}",
                "{\"policy\":\"weighted\",\"weights\":[1,2]}");
        for (String body : bad) {
            assertProblem(send("PUT", PARTICIPANT_BALANCER, body, TOKEN), 400, "gateway");
        }
        String huge = "{\"policy\":\"" + "w".repeat(1024 * 1024 + 1) + "\"}";
        assertProblem(send("PUT", PARTICIPANT_BALANCER, huge, TOKEN), 413, "gateway");
        assertThat(policyAndWeights()).isEqualTo(before);
    }

    @Test
    void shouldAnswer404ForAnUnknownService() {
        assertProblem(get("/api/gateway/balancers/no-such-service"), 404, "gateway");
        assertProblem(send("PUT", "/api/gateway/balancers/no-such-service", "{\"policy\":\"random\"}", TOKEN), 404,
                "gateway");
    }

    @Test
    void shouldAnswer405ProblemForAWrongMethod() {
        assertProblem(send("DELETE", PARTICIPANT_BALANCER, null, TOKEN), 405, "gateway");
        assertProblem(send("POST", "/api/gateway/balancers", "{}", TOKEN), 405, "gateway");
    }

    private String policyAndWeights() {
        JsonNode state = balancer(PARTICIPANTS);
        return state.path("policy").asString() + " " + state.path("instances").findValues("weight");
    }
}
