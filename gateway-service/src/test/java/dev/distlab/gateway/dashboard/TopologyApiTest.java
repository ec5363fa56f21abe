package dev.distlab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;
import tools.jackson.databind.JsonNode;

class TopologyApiTest extends GatewayTestBase {

    @Test
    void shouldShowEveryInstanceWithTheParticipantsOwnView() throws InterruptedException {
        Thread.sleep(ParticipantNodes.FRESH_FOR.toMillis() + 100); // no answer shared from an earlier test
        TestUpstreams.all().forEach(u -> u.clear());

        JsonNode topology = topology();

        JsonNode participants = topology.path("services").get(0);
        assertThat(participants.path("service").asString()).isEqualTo("participant-service");
        assertThat(participants.path("policy").asString()).isEqualTo("round-robin");
        assertThat(participants.path("instances")).hasSize(3);
        for (JsonNode instance : participants.path("instances")) {
            assertThat(instance.path("available").asBoolean()).isTrue();
            assertThat(instance.path("ejected").asBoolean()).isFalse();
            // the fake answers /api/node with its own id: the node shown is the instance's own answer
            assertThat(instance.path("node").path("id").asString()).isEqualTo(instance.path("id").asString());
            assertThat(instance.path("nodeError").isNull()).isTrue();
        }
        JsonNode coordinators = topology.path("services").get(1);
        assertThat(coordinators.path("instances")).hasSize(2);
        assertThat(coordinators.path("instances").get(0).path("node").isNull()).isTrue();
        TestUpstreams.PARTICIPANTS.forEach(u -> assertThat(u.requests()).extracting(r -> r.uri())
                .containsExactly("/api/node"));
    }

    @Test
    void shouldSayWhyAnInstanceHasNoViewAndShareAnswersBetweenCallers() throws InterruptedException {
        Thread.sleep(ParticipantNodes.FRESH_FOR.toMillis() + 100);
        TestUpstreams.P2.stop();
        TestUpstreams.all().forEach(u -> u.clear());

        JsonNode first = topology();
        JsonNode second = topology();

        JsonNode p2 = first.path("services").get(0).path("instances").get(1);
        assertThat(p2.path("id").asString()).isEqualTo("participant-2");
        assertThat(p2.path("node").isNull()).isTrue();
        assertThat(p2.path("nodeError").asString()).startsWith("unreachable");
        assertThat(second.path("at").asString()).isEqualTo(first.path("at").asString());
        assertThat(TestUpstreams.P1.requests()).hasSize(1);
    }

    @Test
    void shouldMergeEveryCoordinatorsTransactionsAndSayWhichAreMissing() throws InterruptedException {
        TestUpstreams.C2.stop();
        TestUpstreams.all().forEach(u -> u.clear());

        // (no status: the fake upstream reads a status parameter as the HTTP status to answer with)
        HttpResponse<String> response = get("/api/gateway/transactions?limit=5");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the fake coordinator answers with no transaction list: the merge says so rather than showing nothing
        assertThat(json(response).path("unreachable").path("coordinator-1").asString())
                .isEqualTo("no transaction list in its answer");
        assertThat(json(response).path("unreachable").path("coordinator-2").asString()).startsWith("unreachable");
        assertThat(TestUpstreams.C1.requests()).extracting(r -> r.uri())
                .containsExactly("/api/transactions?limit=5");
        assertProblem(get("/api/gateway/transactions?limit=0"), 400, "gateway");
        assertProblem(get("/api/gateway/transactions?status=DONE"), 400, "gateway");
    }

    private JsonNode topology() {
        HttpResponse<String> response = get("/api/gateway/topology");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
