package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Garbage sent to every endpoint that exists, through the gateway and straight to each service: always a
 * 4xx problem+json naming the serving instance, and nothing changes.
 */
class BadInputIT extends ClusterTest {

    private static final String BALANCER = "/api/gateway/balancers/participant-service";

    @Test
    void shouldRefuseBadBalancerUpdatesAndChangeNothing() {
        balancers.reset();
        JsonNode before = policyAndWeights();
        String token = cluster.token();
        String url = cluster.gatewayUrl() + BALANCER;

        assertProblem(Http.send("PUT", url, "{\"policy\":\"random\"}", null), 401, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"random\"}", "not-the-token"), 401, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\": \"random\",", token), 400, "gateway");
        assertProblem(Http.send("PUT", url, "not json at all", token), 400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"random\",\"colour\":1}", token), 400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"fastest\"}", token), 400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":7}", token), 400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":-1}}", token),
                400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":1001}}", token),
                400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":2.5}}", token),
                400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":\"x\"}}", token),
                400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":{\"participant-9\":1}}", token),
                400, "gateway");
        assertProblem(Http.send("PUT", url, "{\"policy\":\"weighted\",\"weights\":[1,2]}", token), 400, "gateway");
        String huge = "{\"policy\":\"" + "w".repeat(1024 * 1024 + 1) + "\"}";
        assertProblem(Http.send("PUT", url, huge, token), 413, "gateway");
        assertProblem(Http.send("PUT", cluster.gatewayUrl() + "/api/gateway/balancers/no-such-service",
                "{\"policy\":\"random\"}", token), 404, "gateway");
        assertProblem(Http.send("DELETE", url, null, token), 405, "gateway");
        assertProblem(Http.send("POST", cluster.gatewayUrl() + "/api/gateway/balancers", "{}", token), 405,
                "gateway");

        assertThat(policyAndWeights()).isEqualTo(before);
    }

    @Test
    void shouldNeverRouteInternalOrForeignActuatorEndpoints() {
        for (String path : new String[] { "/internal/paxos", "/internal/", "/actuator/env", "/actuator/metrics" }) {
            HttpResponse<String> response = Http.get(cluster.gatewayUrl() + path);
            assertProblem(response, 401, "gateway");
        }
        HttpResponse<String> unknown = Http.get(cluster.gatewayUrl() + "/api/no-such-thing");
        assertProblem(unknown, 404, "gateway");
    }

    @Test
    void shouldPassUpstreamProblemsThroughTheGateway() {
        HttpResponse<String> response = Http.send("POST", cluster.gatewayUrl() + "/api/node", "{}", null);
        assertProblem(response, 405, "participant-");
    }

    @Test
    void shouldRefuseBadInputStraightToEachService() {
        String[] services = { cluster.participantUrl(1), cluster.participantUrl(2), cluster.participantUrl(3),
                cluster.coordinatorUrl(1) };
        for (String base : services) {
            assertProblem(Http.send("POST", base + "/api/node", "{}", null), base.equals(cluster.coordinatorUrl(1))
                    ? 404 : 405, "");
            assertProblem(Http.get(base + "/no/such/path"), 404, "");
            assertProblem(Http.get(base + "/internal/anything"), 401, "");
            assertProblem(Http.send("POST", base + "/internal/anything", "{\"x\":", null), 401, "");
            assertProblem(Http.get(base + "/actuator/env"), 401, "");
            assertProblem(Http.send("PUT", base + "/api/node", "x".repeat(2 * 1024 * 1024), null), 413, "");
            assertThat(Http.get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    private JsonNode policyAndWeights() {
        JsonNode state = balancers.state(Balancers.PARTICIPANTS);
        var copy = Http.JSON.createObjectNode();
        copy.set("policy", state.path("policy"));
        for (JsonNode instance : state.path("instances")) {
            copy.set(instance.path("id").asString(), instance.path("weight"));
        }
        return copy;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String instancePrefix) {
        assertThat(response.statusCode()).as("%s %s -> %s", response.request().method(), response.uri(),
                response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.uri().toString())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.headers().allValues("X-Instance-Id")).hasSize(1)
                .allSatisfy(id -> assertThat(id).startsWith(instancePrefix));
        JsonNode problem = Http.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }
}
