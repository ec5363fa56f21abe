package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class UpstreamTimeoutsTest {

    private final UpstreamTimeouts timeouts = new UpstreamTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(15));

    @Test
    void shouldGiveOrdinaryRequestsTheReadTimeout() {
        assertThat(timeouts.forRequest("/api/node", null)).hasSeconds(30);
        assertThat(timeouts.forRequest("/api/config/a", "timeout=200")).hasSeconds(30);
    }

    @Test
    void shouldGiveLongPollsAndWatchesTheirWaitPlusTheMargin() {
        assertThat(timeouts.forRequest("/api/config/a", "waitRevision=3&timeout=120"))
                .hasSeconds(135);
        assertThat(timeouts.forRequest("/api/watch", "prefix=x&timeout=300")).hasSeconds(315);
        assertThat(timeouts.forRequest("/api/watch", "prefix=x")).as("default wait 30 s")
                .hasSeconds(45);
        assertThat(timeouts.forRequest("/api/watch", "timeout=100000")).as("capped at 300 s")
                .hasSeconds(315);
        assertThat(timeouts.forRequest("/api/watch", "timeout=1")).as("never below ordinary")
                .hasSeconds(30);
    }
}
