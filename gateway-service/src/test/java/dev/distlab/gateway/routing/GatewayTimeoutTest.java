package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;

/** A gateway whose read timeout for ordinary requests is 1 s (the real one is 30 s). */
@TestPropertySource(properties = "gateway.upstream.read-timeout=1s")
class GatewayTimeoutTest extends GatewayTestBase {

    @Test
    void shouldAnswer504WithoutRetryWhenTheUpstreamDoesNotAnswerInTime() {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/node?delayMillis=3000");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertProblem(response, 504, "gateway");
        assertThat(json(response).path("detail").asString()).contains("participant-1", "did not answer within 1 s");
        assertThat(millis).isBetween(900L, 2_900L);
        long tried = TestUpstreams.PARTICIPANTS.stream().filter(u -> !u.requests().isEmpty()).count();
        assertThat(tried).as("a timed-out request is not retried elsewhere").isEqualTo(1);
        assertThat(health(PARTICIPANTS)).as("one timeout does not eject").doesNotContainValue(false);
    }

    @Test
    void shouldWaitForALongPollAsLongAsItAskedPlusTheMargin() {
        HttpResponse<String> response = get("/api/config/app/x?waitRevision=5&timeout=2&delayMillis=2500");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void shouldWaitForAnswersWithinTheReadTimeout() {
        HttpResponse<String> response = get("/api/watch?prefix=app&delayMillis=500");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(instanceId(response)).isEqualTo("participant-1");
    }
}
