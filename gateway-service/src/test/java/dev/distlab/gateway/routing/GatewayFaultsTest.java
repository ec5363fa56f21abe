package dev.distlab.gateway.routing;

import static dev.distlab.gateway.support.TestUpstreams.P1;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.distlab.common.fault.Fault;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.gateway.support.GatewayTestBase;

/** Faults injected on the gateway's upstream calls act on the instance the balancer chose, by its id. */
class GatewayFaultsTest extends GatewayTestBase {

    @Autowired
    FaultRegistry faults;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void shouldSendARequestElsewhereWhenAFailFaultRefusesTheChosenInstance() {
        faults.add(FaultSpec.of("fail", "out", "participant-1", "/api", null, null, null, null));
        HttpResponse<String> response = get("/api/node"); // round-robin's first pick: participant-1
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(instanceId(response)).isIn("participant-2", "participant-3");
        assertThat(P1.requests()).as("nothing reached participant-1").isEmpty();
    }

    /** The front checks on its event loop whether a fault applies, and waits it out elsewhere: it acts once. */
    @Test
    void shouldActOnceOnAProxiedRequestWithAnIncomingFault() {
        Fault delay = faults.add(FaultSpec.of("delay", "in", null, "/api/node", null, 20L, null, null));
        assertThat(get("/api/node").statusCode()).isEqualTo(200);
        assertThat(delay.fired()).as("fired once for one request").isEqualTo(1);
    }

    @Test
    void shouldActOnceOnAProxiedRequestWithAnOutgoingFault() {
        Fault delay = faults.add(FaultSpec.of("delay", "out", "participant-1", "/api", null, 20L, null, null));
        HttpResponse<String> response = get("/api/node"); // round-robin's first pick: participant-1
        assertThat(instanceId(response)).isEqualTo("participant-1");
        assertThat(delay.fired()).as("fired once for one request").isEqualTo(1);
    }
}
