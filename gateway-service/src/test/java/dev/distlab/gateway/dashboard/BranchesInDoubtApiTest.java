package dev.distlab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.FakeUpstream;
import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;
import tools.jackson.databind.JsonNode;

/** The participants' branches in doubt beside the coordinators' transactions in {@code /api/gateway/transactions}. */
class BranchesInDoubtApiTest extends GatewayTestBase {

    @Test
    void shouldCountEachParticipantsBranchesInDoubtAndNameThoseThatDidNotSay() throws InterruptedException {
        Thread.sleep(ParticipantNodes.FRESH_FOR.toMillis() + 100); // no reading shared from an earlier test
        inDoubt(TestUpstreams.P1, 2);
        inDoubt(TestUpstreams.P2, 0);
        TestUpstreams.P3.stop();
        TestUpstreams.all().forEach(FakeUpstream::clear);

        HttpResponse<String> response = get("/api/gateway/transactions?limit=5");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode inDoubt = json(response).path("inDoubt");
        assertThat(inDoubt.path("branches").path("participant-1").asLong()).isEqualTo(2);
        assertThat(inDoubt.path("branches").path("participant-2").asLong()).isEqualTo(0);
        assertThat(inDoubt.path("branches").has("participant-3")).isFalse();
        assertThat(inDoubt.path("total").asLong()).isEqualTo(2);
        assertThat(inDoubt.path("unreachable").path("participant-3").asString()).startsWith("unreachable");
        // the gauge is read with the gateway's cluster token (actuator metrics are not public)
        FakeUpstream.Recorded read = TestUpstreams.P1.requests().get(0);
        assertThat(read.uri()).isEqualTo("/actuator/metrics/bank.branches.indoubt");
        assertThat(read.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void shouldSayWhenAParticipantAnswersWithoutTheGauge() throws InterruptedException {
        Thread.sleep(ParticipantNodes.FRESH_FOR.toMillis() + 100);

        JsonNode inDoubt = json(get("/api/gateway/transactions")).path("inDoubt");

        // the fakes answer every other path with their own id: no measurement in it
        assertThat(inDoubt.path("branches")).isEmpty();
        assertThat(inDoubt.path("total").asLong()).isZero();
        assertThat(inDoubt.path("unreachable").path("participant-1").asString()).isEqualTo("no value in its answer");
    }

    private static void inDoubt(FakeUpstream participant, int branches) {
        participant.answer(BranchesInDoubt.PATH, "{\"name\":\"bank.branches.indoubt\",\"measurements\":"
                + "[{\"statistic\":\"VALUE\",\"value\":" + branches + ".0}],\"availableTags\":[]}");
    }
}
