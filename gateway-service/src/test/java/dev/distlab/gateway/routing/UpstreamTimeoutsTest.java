package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class UpstreamTimeoutsTest {

    private final UpstreamTimeouts timeouts = new UpstreamTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(15));

    @Test
    void shouldGiveOrdinaryRequestsTheReadTimeout() {
        assertThat(timeouts.forRequest(URI.create("http://p1/api/node"))).hasSeconds(30);
        assertThat(timeouts.forRequest(URI.create("http://p1/api/config/a?timeout=200"))).hasSeconds(30);
    }

    @Test
    void shouldGiveLongPollsAndWatchesTheirWaitPlusTheMargin() {
        assertThat(timeouts.forRequest(URI.create("http://p1/api/config/a?waitRevision=3&timeout=120")))
                .hasSeconds(135);
        assertThat(timeouts.forRequest(URI.create("http://p1/api/watch?prefix=x&timeout=300"))).hasSeconds(315);
        assertThat(timeouts.forRequest(URI.create("http://p1/api/watch?prefix=x"))).as("default wait 30 s")
                .hasSeconds(45);
        assertThat(timeouts.forRequest(URI.create("http://p1/api/watch?timeout=100000"))).as("capped at 300 s")
                .hasSeconds(315);
        assertThat(timeouts.forRequest(URI.create("http://p1/api/watch?timeout=1"))).as("never below ordinary")
                .hasSeconds(30);
    }
}
