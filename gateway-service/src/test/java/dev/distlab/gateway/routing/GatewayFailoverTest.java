package dev.distlab.gateway.routing;

import static dev.distlab.gateway.support.TestUpstreams.C1;
import static dev.distlab.gateway.support.TestUpstreams.C2;
import static dev.distlab.gateway.support.TestUpstreams.P1;
import static dev.distlab.gateway.support.TestUpstreams.P2;
import static dev.distlab.gateway.support.TestUpstreams.P3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.FakeUpstream;
import dev.distlab.gateway.support.GatewayTestBase;

/** Each test starts round-robin from the first instance, so the instance a request goes to is known. */
class GatewayFailoverTest extends GatewayTestBase {

    @Test
    void shouldRetryGetOnAnotherInstanceWhenConnectionRefused() {
        P1.stop();
        Map<String, Long> before = requestCounts(PARTICIPANTS);

        HttpResponse<String> response = get("/api/node"); // round-robin's first pick: participant-1
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(instanceId(response)).isIn("participant-2", "participant-3");

        Map<String, Long> after = requestCounts(PARTICIPANTS);
        assertThat(after.get("participant-1") - before.get("participant-1")).as("one attempt on the dead one")
                .isEqualTo(1);
        assertThat(health(PARTICIPANTS)).as("the dead one left the rotation at once").containsEntry("participant-1",
                false);
        assertThat(hit("/api/node", 20)).doesNotContainKey("participant-1").containsKeys("participant-2",
                "participant-3");
        assertThat(get("/actuator/prometheus").body()).containsPattern(
                "gateway_upstream_requests_seconds_count\\{instance=\"participant-1\",method=\"GET\","
                        + "outcome=\"connect_failure\"");
    }

    @Test
    void shouldRetryHeadOnAnotherInstanceWhenConnectionRefused() {
        P1.stop();
        HttpResponse<String> response = send("HEAD", "/api/node", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(instanceId(response)).isNotEqualTo("participant-1");
    }

    @Test
    void shouldRetryPutWithItsBodyOnAnotherInstanceWhenConnectionRefused() {
        P1.stop(); // its container was just killed: nothing listens on its port
        Map<String, Long> before = requestCounts(PARTICIPANTS);

        HttpResponse<String> response = send("PUT", "/api/config/k", "{\"value\":\"v\"}", null);

        assertThat(response.statusCode()).as("the PUT never left for participant-1: " + response.body())
                .isEqualTo(200);
        String answeredBy = instanceId(response);
        assertThat(answeredBy).isIn("participant-2", "participant-3");
        FakeUpstream other = answeredBy.equals("participant-2") ? P2 : P3;
        assertThat(other.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.uri()).isEqualTo("/api/config/k");
            assertThat(r.body()).as("the body is replayed whole").isEqualTo("{\"value\":\"v\"}");
            assertThat(r.header("Content-Type")).startsWith("application/json");
        });
        Map<String, Long> after = requestCounts(PARTICIPANTS);
        assertThat(after.get("participant-1") - before.get("participant-1")).as("one attempt on the dead one")
                .isEqualTo(1);
        assertThat(health(PARTICIPANTS)).as("the failure counts against the dead one")
                .containsEntry("participant-1", false).containsEntry("participant-2", true)
                .containsEntry("participant-3", true);
        assertThat(get("/actuator/prometheus").body()).containsPattern(
                "gateway_upstream_requests_seconds_count\\{instance=\"participant-1\",method=\"PUT\","
                        + "outcome=\"connect_failure\"");
    }

    @Test
    void shouldRetryPostWithItsBodyAndHeadersOnTheOtherCoordinatorWhenTheFirstIsDown() {
        C1.stop();
        HttpResponse<String> response = send("POST", "/api/transfers", "{\"from\":\"a\",\"to\":\"b\",\"amount\":1}",
                null, "Idempotency-Key", "k-7");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(instanceId(response)).isEqualTo("coordinator-2");
        assertThat(C2.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.body()).isEqualTo("{\"from\":\"a\",\"to\":\"b\",\"amount\":1}");
            assertThat(r.header("Idempotency-Key")).isEqualTo("k-7");
        });
        assertThat(health(COORDINATORS)).containsEntry("coordinator-1", false).containsEntry("coordinator-2", true);
    }

    @Test
    void shouldReplayAChunkedBodyOnTheNextInstance() throws Exception {
        P1.stop();
        byte[] body = "{\"value\":\"chunked\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/config/c")))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // no length
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        FakeUpstream other = instanceId(response).equals("participant-2") ? P2 : P3;
        assertThat(other.requests()).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"value\":\"chunked\"}"));
    }

    @Test
    void shouldTryEveryInstanceOnceAfterConnectFailuresAndNoMore() {
        P1.stop();
        P2.stop();
        Map<String, Long> before = requestCounts(PARTICIPANTS);

        HttpResponse<String> response = send("DELETE", "/api/config/k", null, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(instanceId(response)).isEqualTo("participant-3");
        Map<String, Long> after = requestCounts(PARTICIPANTS);
        assertThat(after.get("participant-1") - before.get("participant-1")).isEqualTo(1);
        assertThat(after.get("participant-2") - before.get("participant-2")).isLessThanOrEqualTo(1);
        assertThat(after.get("participant-3") - before.get("participant-3")).isEqualTo(1);
        assertThat(health(PARTICIPANTS)).containsEntry("participant-1", false).containsEntry("participant-3", true);
    }

    @Test
    void shouldAnswer502SayingNothingWasSentWhenNoCoordinatorCanBeReached() {
        C1.stop();
        C2.stop();
        Map<String, Long> before = requestCounts(COORDINATORS);

        HttpResponse<String> response = send("POST", "/api/transfers", "{\"from\":\"a\",\"to\":\"b\",\"amount\":1}",
                null, "Idempotency-Key", "k-8");

        assertProblem(response, 502, "gateway");
        assertThat(json(response).path("detail").asString()).contains("coordinator-1", "coordinator-2",
                "was not sent").doesNotContain("may or may not");
        Map<String, Long> after = requestCounts(COORDINATORS);
        assertThat(after.get("coordinator-1") - before.get("coordinator-1")).as("each tried once").isEqualTo(1);
        assertThat(after.get("coordinator-2") - before.get("coordinator-2")).as("each tried once").isEqualTo(1);
        assertThat(health(COORDINATORS)).doesNotContainValue(true);
    }

    @Test
    void shouldNotRetryAPostWhoseInstanceDiedAfterReadingIt() {
        C1.hangUp(true); // accepts the connection, reads the whole request, closes without answering
        HttpResponse<String> response = send("POST", "/api/transfers", "{\"from\":\"a\",\"to\":\"b\",\"amount\":1}",
                null, "Idempotency-Key", "k-9");

        assertProblem(response, 502, "gateway");
        assertThat(json(response).path("detail").asString()).contains("coordinator-1", "may or may not");
        assertThat(C1.requests()).as("coordinator-1 got the request").hasSize(1);
        assertThat(C2.requests()).as("the other coordinator saw no request").isEmpty();
    }

    @Test
    void shouldNotRetryAPutWhoseInstanceDiedAfterReadingIt() {
        P1.hangUp(true);
        HttpResponse<String> response = send("PUT", "/api/config/k", "{\"value\":\"v\"}", null);

        assertProblem(response, 502, "gateway");
        assertThat(P1.requests()).hasSize(1);
        assertThat(P2.requests()).as("not retried on participant-2").isEmpty();
        assertThat(P3.requests()).as("not retried on participant-3").isEmpty();
    }

    @Test
    void shouldRetryAGetWhoseInstanceDiedAfterReadingIt() {
        P1.hangUp(true);
        HttpResponse<String> response = get("/api/node");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(instanceId(response)).isIn("participant-2", "participant-3");
        assertThat(P1.requests()).hasSize(1);
    }

    @Test
    void shouldAnswer503AtOnceWhenNoInstanceIsAvailable() {
        C1.stop();
        C2.stop();
        HttpResponse<String> first = get("/api/accounts");
        assertProblem(first, 502, "gateway");
        assertThat(json(first).path("detail").asString()).contains("coordinator-1", "coordinator-2");

        long start = System.nanoTime();
        HttpResponse<String> second = get("/api/accounts");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertProblem(second, 503, "gateway");
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
        assertThat(millis).as("answered at once").isLessThan(1_000);
        assertThat(health(COORDINATORS)).doesNotContainValue(true);
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
    }

    @Test
    void shouldTakeAnInstanceOutWhileItsReadinessCheckFailsAndBackWhenItPasses() {
        P3.ready(false);
        probe();
        assertThat(health(PARTICIPANTS)).containsEntry("participant-3", false).containsEntry("participant-1", true);
        assertThat(hit("/api/node", 10)).doesNotContainKey("participant-3");

        P3.ready(true);
        probe();
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
        assertThat(hit("/api/node", 9)).containsKey("participant-3");
    }

    @Test
    void shouldMarkAStoppedInstanceUnhealthyByItsReadinessCheckAlone() {
        P2.stop();
        probe();
        assertThat(health(PARTICIPANTS)).containsEntry("participant-2", false);
        assertThat(P2.requests()).isEmpty();
        assertThat(hit("/api/node", 10)).doesNotContainKey("participant-2");
        P2.restart();
        probe();
        assertThat(health(PARTICIPANTS)).containsEntry("participant-2", true);
    }

    @Test
    void shouldEjectAnInstanceAfterThreeConsecutiveServerErrors() {
        String always500OnParticipant1 = "/api/node?status=500";
        // round-robin: requests 1, 4 and 7 go to participant-1; 500s pass through to the client, unretried
        int served500 = 0;
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> response = get(always500OnParticipant1);
            assertThat(response.statusCode()).isEqualTo(500);
            served500++;
        }
        assertThat(served500).isEqualTo(9);
        // every instance answered 500 three times in a row: all ejected
        assertThat(health(PARTICIPANTS)).doesNotContainValue(true);
        assertProblem(get("/api/node"), 503, "gateway");
    }

    @Test
    void shouldCutTheAnswerShortAndEjectTheInstanceWhenItsBodyBreaksOffMidway() {
        // round-robin: each instance's headers (200) and 7 bytes arrive three times, then its connection closes
        for (int i = 0; i < 9; i++) {
            assertThatThrownBy(() -> get("/api/node?breakBody=7")).as("the client sees the answer cut short")
                    .isInstanceOf(UncheckedIOException.class);
        }
        assertThat(health(PARTICIPANTS)).as("a 200 whose body never arrived whole counts against the instance")
                .doesNotContainValue(true);
    }

    @Test
    void shouldAnswer502WhenTheBodyBreaksOffBeforeAnyOfItArrived() {
        HttpResponse<String> response = send("PUT", "/api/config/k?breakBody=0", "{\"value\":\"v\"}", null);
        assertProblem(response, 502, "gateway");
        assertThat(response.body()).contains("broke off before its body", "may or may not have been applied");
    }

    @Test
    void shouldNotEjectAnInstanceThatAnswers503() {
        for (int i = 0; i < 9; i++) {
            assertThat(get("/api/config/k?status=503").statusCode()).isEqualTo(503);
        }
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
    }

    @Test
    void shouldNotEjectAnInstanceThatAnswers507() {
        // 507: the config store is at its space quota, a state of the cluster that every replica reports alike
        for (int i = 0; i < 9; i++) {
            assertThat(get("/api/config/k?status=507").statusCode()).isEqualTo(507);
        }
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
    }
}
