package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

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

    @Test
    void shouldRefuseBadConfigStoreRequestsThroughTheGatewayAndChangeNothing() {
        String base = cluster.gatewayUrl() + "/api/config/";
        HttpResponse<String> seeded = Http.send("PUT", base + "it/bad/seed", "{\"value\":\"v\"}", null);
        assertThat(seeded.statusCode()).isIn(200, 201);
        long revision = storeRevision();

        String tooLong = "k".repeat(513);
        for (String key : new String[] { "it/bad/a%20b", "it/bad/", "it//bad", "it/bad/../x", "it/bad/.", tooLong }) {
            assertProblem(Http.send("PUT", base + key, "{\"value\":\"v\"}", null), 400, "");
        }
        assertProblem(Http.send("PUT", base + "it/bad%2Fslash", "{\"value\":\"v\"}", null), 400, "");
        String key = base + "it/bad/k";
        assertProblem(Http.send("PUT", key, "{\"value\":", null), 400, "participant-");
        assertProblem(Http.send("PUT", key, "{\"value\":7}", null), 400, "participant-");
        assertProblem(Http.send("PUT", key, "{\"value\":null}", null), 400, "participant-");
        assertProblem(Http.send("PUT", key, "{}", null), 400, "participant-");
        assertProblem(Http.send("PUT", key, "{\"value\":\"v\",\"ttl\":5}", null), 400, "participant-");
        assertProblem(Http.send("PUT", key, "{\"value\":\"" + "x".repeat(64 * 1024 + 1) + "\"}", null), 400,
                "participant-");
        assertProblem(Http.send("PUT", key, "{\"value\":\"" + "x".repeat(1024 * 1024) + "\"}", null), 413, "");
        assertProblem(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(key))
                .header("Content-Type", "application/json").header("If-Match", "not-a-revision")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}")), null), 400,
                "participant-");
        assertProblem(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "it/bad/seed"))
                .header("Content-Type", "application/json").header("If-Match", "\"999999\"")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"w\"}")), null), 412,
                "participant-");
        assertProblem(Http.send("POST", key, "{\"value\":\"v\"}", null), 405, "participant-");
        assertProblem(Http.get(key + "?consistency=eventual"), 400, "participant-");
        assertProblem(Http.get(key + "?waitRevision=-1"), 400, "participant-");
        assertProblem(Http.get(key + "?waitRevision=1&timeout=301"), 400, "participant-");
        assertProblem(Http.get(cluster.gatewayUrl() + "/api/watch?prefix=it/bad/&afterRevision=x"), 400,
                "participant-");
        assertProblem(Http.get(cluster.gatewayUrl() + "/api/watch?prefix=bad%20prefix"), 400, "participant-");

        assertThat(storeRevision()).as("no bad request changed the store").isEqualTo(revision);
    }

    @Test
    void shouldRequireTheTokenOnTheReplicasInternalEndpoints() {
        for (String path : new String[] { "/internal/paxos/messages", "/internal/paxos/propose",
                "/internal/paxos/read-index" }) {
            assertProblem(Http.send("POST", cluster.participantUrl(1) + path, "{}", null), 401, "participant-1");
        }
        // with the token and participant-2's own identity, so that only the payload is wrong
        Map<String, String> identity = identityOf("participant-2");
        HttpResponse<String> garbage = Http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cluster.participantUrl(1) + "/internal/paxos/messages"))
                .header("Content-Type", "application/octet-stream")
                .header("X-Paxos-Cluster", identity.get("cluster"))
                .header("X-Paxos-Member", "2:" + identity.get("incarnation"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] { 1, 0, 0, 0, 9, 42 })),
                cluster.token());
        assertProblem(garbage, 400, "participant-1");
    }

    private static Map<String, String> identityOf(String participant) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(cluster.paxosDir(participant).resolve("identity"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }

    private long storeRevision() {
        return Http.json(Http.get(cluster.gatewayUrl() + "/api/config?prefix=it/bad/")).path("revision").asLong();
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
