package dev.distlab.gateway.routing;

import static dev.distlab.gateway.support.TestUpstreams.C1;
import static dev.distlab.gateway.support.TestUpstreams.C2;
import static dev.distlab.gateway.support.TestUpstreams.P1;
import static dev.distlab.gateway.support.TestUpstreams.P2;
import static dev.distlab.gateway.support.TestUpstreams.P3;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.FakeUpstream;
import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;

class GatewayRoutingTest extends GatewayTestBase {

    @Test
    void shouldRouteParticipantPathsToParticipantsAndPassTheirInstanceIdThrough() {
        for (String path : List.of("/api/node", "/api/config", "/api/config/app/db.url", "/api/watch?prefix=app")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String id = instanceId(response);
            assertThat(id).startsWith("participant-");
            assertThat(json(response).path("id").asString()).isEqualTo(id);
        }
        assertThat(C1.requests()).isEmpty();
        assertThat(C2.requests()).isEmpty();
    }

    @Test
    void shouldRouteBankPathsToCoordinators() {
        assertThat(instanceId(get("/api/accounts"))).startsWith("coordinator-");
        assertThat(instanceId(get("/api/accounts/alice"))).startsWith("coordinator-");
        assertThat(instanceId(send("POST", "/api/transfers", "{\"from\":\"a\",\"to\":\"b\",\"amount\":1}", null)))
                .startsWith("coordinator-");
        assertThat(instanceId(send("POST", "/api/transactions", "{\"operations\":[]}", null))).startsWith("coordinator-");
        assertThat(instanceId(get("/api/transactions/tx-1"))).startsWith("coordinator-");
        assertThat(P1.requests()).isEmpty();
        assertThat(P2.requests()).isEmpty();
        assertThat(P3.requests()).isEmpty();
    }

    @Test
    void shouldPassMethodPathQueryBodyAndHeadersThroughToTheUpstream() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = send("PUT", "/api/config/app/db.url?x=1&y=a%20b%2Bc", "{\"value\":\"jdbc:h2:mem\"}",
                "user-token", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01", "If-Match", "\"7\"",
                "Idempotency-Key", "k-1");
        assertThat(response.statusCode()).isEqualTo(200);

        FakeUpstream.Recorded seen = TestUpstreams.PARTICIPANTS.stream().flatMap(u -> u.requests().stream())
                .findFirst().orElseThrow();
        assertThat(seen.method()).isEqualTo("PUT");
        // the gateway re-encodes the query string; parameter order is not kept, names and values are
        assertThat(seen.uri()).startsWith("/api/config/app/db.url?");
        assertThat(seen.uri().substring(seen.uri().indexOf('?') + 1).split("&")).containsExactlyInAnyOrder("x=1",
                "y=a%20b%2Bc");
        assertThat(seen.body()).isEqualTo("{\"value\":\"jdbc:h2:mem\"}");
        assertThat(seen.header("Authorization")).isEqualTo("Bearer user-token");
        assertThat(seen.header("traceparent")).contains(traceId);
        assertThat(seen.header("If-Match")).isEqualTo("\"7\"");
        assertThat(seen.header("Idempotency-Key")).isEqualTo("k-1");
        assertThat(seen.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void shouldPassAFormEncodedBodyThroughUntouched() throws Exception {
        // the proxy must not let the servlet container or a filter parse a form body as request parameters:
        // the upstream gets the bytes the client sent, whatever their content type
        for (String method : List.of("PUT", "POST", "PATCH", "DELETE")) {
            TestUpstreams.all().forEach(FakeUpstream::clear);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url("/api/config/app/form"))).header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString("value=blue&x=%2F1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(200);
            FakeUpstream.Recorded seen = TestUpstreams.PARTICIPANTS.stream().flatMap(u -> u.requests().stream())
                    .findFirst().orElseThrow();
            assertThat(seen.body()).as(method).isEqualTo("value=blue&x=%2F1");
            assertThat(seen.header("Content-Type")).as(method).isEqualTo("application/x-www-form-urlencoded");
        }
    }

    @Test
    void shouldJoinTheClientsTraceAsTheUpstreamsParentAndStartOneWhenTheClientSentNone() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";
        assertThat(send("GET", "/api/node", null, null, "traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .statusCode()).isEqualTo(200);
        List<String> joined = TestUpstreams.PARTICIPANTS.stream().flatMap(u -> u.requests().stream())
                .map(r -> r.header("traceparent")).toList();
        assertThat(joined).singleElement().as("the gateway's span, in the client's trace")
                .satisfies(h -> assertThat(h).startsWith("00-" + traceId + "-").doesNotContain(clientSpan));

        TestUpstreams.all().forEach(FakeUpstream::clear);
        assertThat(get("/api/node").statusCode()).isEqualTo(200);
        List<String> started = TestUpstreams.PARTICIPANTS.stream().flatMap(u -> u.requests().stream())
                .map(r -> r.header("traceparent")).toList();
        // sampled or not (ProxyTracingTest), the upstream learns the gateway's decision and makes none of its own
        assertThat(started).as("a request without a trace leaves in one the gateway started").singleElement()
                .satisfies(h -> assertThat(h).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                        .doesNotContain(traceId));
    }

    @Test
    void shouldPassUpstreamErrorsThroughWithTheUpstreamInstanceId() {
        HttpResponse<String> response = get("/api/config/missing?status=404");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(instanceId(response)).startsWith("participant-");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void shouldSpreadRequestsExactlyEvenlyWithRoundRobin() {
        assertThat(hit("/api/node", 30)).containsOnly(Map.entry("participant-1", 10), Map.entry("participant-2", 10),
                Map.entry("participant-3", 10));
        assertThat(hit("/api/accounts", 10)).containsOnly(Map.entry("coordinator-1", 5), Map.entry("coordinator-2", 5));
    }

    @Test
    void shouldNeverRouteInternalOrForeignActuatorPaths() {
        for (String path : List.of("/internal/paxos", "/internal/", "/internal", "/actuator/env", "/actuator/metrics",
                "/actuator/configprops", "/api/../internal/x")) {
            assertProblem(get(path), 401, "gateway");
        }
        assertProblem(get("/api/no-such-thing"), 404, "gateway");
        assertProblem(get("/api/nodes"), 404, "gateway");
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    @Test
    void shouldRefuseDotSegmentsInsteadOfForwardingThem() {
        assertProblem(get("/api/config/a/%2e%2e/b"), 400, "gateway");
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    @Test
    void shouldRefuseEmptySegmentsInsteadOfForwardingAnotherKey() {
        assertProblem(send("PUT", "/api/config/a//b", "{\"value\":\"v\"}", null), 400, "gateway");
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    @Test
    void shouldRefuseABodyOverOneMebibyteBeforeProxying() {
        String huge = "{\"value\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(send("PUT", "/api/config/big", huge, null), 413, "gateway");
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    @Test
    void shouldRefuseAChunkedBodyOverOneMebibyte() throws Exception {
        byte[] huge = ("{\"value\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/config/big")))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))) // no length
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 413, "gateway");
        assertThat(health(PARTICIPANTS)).as("the client's fault, not the upstream's").doesNotContainValue(false);
    }

    @Test
    void shouldListItsRoutes() {
        HttpResponse<String> response = get("/api/gateway/routes");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).findValuesAsString("service")).containsExactly("participant-service",
                "coordinator-service");
        assertThat(response.body()).contains("/api/config/**", "/api/transactions/**").doesNotContain("/internal");
    }

    @Test
    void shouldExposePerInstanceMetricsInPrometheus() {
        hit("/api/node", 3);
        String metrics = get("/actuator/prometheus").body();
        for (String id : List.of("participant-1", "participant-2", "participant-3")) {
            assertThat(metrics).containsPattern("gateway_upstream_requests_seconds_count\\{[^}]*instance=\"" + id
                    + "\"[^}]*outcome=\"success\"");
            assertThat(metrics).containsPattern("gateway_upstream_healthy\\{instance=\"" + id
                    + "\",service=\"participant-service\"} 1");
        }
        assertThat(metrics).containsPattern("gateway_upstream_healthy\\{instance=\"coordinator-1\"");
    }
}
