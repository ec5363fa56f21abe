package dev.distlab.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.support.FakeUpstream;
import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;

/** The dashboard's control endpoints on a gateway that ./cluster did not start (the test's). */
class ControlApiTest extends GatewayTestBase {

    @Test
    void shouldRelayAnInstancesFaultsWithTheGatewaysToken() {
        TestUpstreams.P2.clear();

        HttpResponse<String> response = send("POST", "/api/gateway/instances/participant-2/faults",
                "{\"kind\":\"delay\",\"delayMs\":5,\"durationMs\":1000}", TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        FakeUpstream.Recorded relayed = TestUpstreams.P2.requests().get(0);
        assertThat(relayed.method()).isEqualTo("POST");
        assertThat(relayed.uri()).isEqualTo("/actuator/faults");
        assertThat(relayed.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(relayed.body()).isEqualTo("{\"kind\":\"delay\",\"delayMs\":5,\"durationMs\":1000}");
    }

    @Test
    void shouldNeedTheTokenEvenToReadFaults() {
        assertThat(get("/api/gateway/instances/participant-1/faults").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/gateway/instances/participant-1/faults", null, null).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/gateway/instances/participant-1/faults", null, TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseAnInstanceItDoesNotBalance() {
        HttpResponse<String> response = send("GET", "/api/gateway/instances/participant-9/faults", null, TOKEN);

        assertProblem(response, 404, "gateway");
        assertThat(json(response).path("detail").asString()).contains("participant-1");
    }

    @Test
    void shouldRefuseVerificationRunsHereAndBadRunRequests() {
        assertThat(json(get("/api/gateway/verify"))).isEmpty();
        assertProblem(send("POST", "/api/gateway/verify", "{\"workload\":\"bank\",\"nemesis\":\"none\",\"seconds\":10}",
                TOKEN), 409, "gateway");
        assertProblem(send("POST", "/api/gateway/verify", "{\"workload\":\"bank\",\"nemesis\":\"none\",\"seconds\":1}",
                TOKEN), 400, "gateway");
        assertProblem(send("POST", "/api/gateway/verify", "{\"workload\":\"rm -rf\",\"nemesis\":\"none\",\"seconds\":10}",
                TOKEN), 400, "gateway");
        assertProblem(send("POST", "/api/gateway/verify", "{\"workload\":\"bank\",\"nemesis\":\"meteor\",\"seconds\":10}",
                TOKEN), 400, "gateway");
        assertThat(send("POST", "/api/gateway/verify", "{\"workload\":\"bank\",\"nemesis\":\"none\",\"seconds\":10}",
                null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldSayProcessesCannotBeControlledHereAndRefuseToTry() {
        assertThat(json(get("/api/gateway/control")).path("available").asBoolean()).isFalse();

        HttpResponse<String> kill = send("POST", "/api/gateway/instances/participant-1/kill", null, TOKEN);

        assertProblem(kill, 409, "gateway");
        assertThat(send("POST", "/api/gateway/instances/participant-1/kill", null, null).statusCode())
                .isEqualTo(401);
        assertThat(TestUpstreams.P1.running()).isTrue();
    }
}
