package dev.distlab.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HealthTrackerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> events = new ArrayList<>();
    private final Upstream p2 = new Upstream("participant-service", "participant-2", URI.create("http://127.0.0.1:8082"));
    private final Upstream p3 = new Upstream("participant-service", "participant-3", URI.create("http://127.0.0.1:8083"));

    private HealthTracker tracker(boolean ejectOnConnect) {
        return new HealthTracker(new HealthSettings(3, ejectOnConnect, Duration.ofSeconds(1), Duration.ofSeconds(30), 2),
                clock::get, (upstream, available, message) -> events.add((available ? "IN " : "OUT ") + message));
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    @Test
    void shouldEjectAfterConsecutiveFailuresOnly() {
        HealthTracker tracker = tracker(true);
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordSuccess(p2);
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordFailure(p2, FailureKind.TIMEOUT, null);
        assertThat(tracker.isAvailable(p2)).as("a success in between resets the count").isTrue();

        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 502");
        assertThat(tracker.isAvailable(p2)).isFalse();
        assertThat(tracker.isAvailable(p3)).isTrue();
        assertThat(events).containsExactly("OUT participant-2 (http://127.0.0.1:8082) left the rotation after 3 "
                + "consecutive failures (the last a server error) (HTTP 502); back in 1 s");
    }

    @Test
    void shouldEjectAtOnceOnAConnectFailureWhenConfigured() {
        HealthTracker tracker = tracker(true);
        tracker.recordFailure(p2, FailureKind.CONNECT, "connection refused");
        assertThat(tracker.isAvailable(p2)).isFalse();
        assertThat(events).containsExactly("OUT participant-2 (http://127.0.0.1:8082) left the rotation after a "
                + "connect failure (connection refused); back in 1 s");

        HealthTracker patient = tracker(false);
        patient.recordFailure(p3, FailureKind.CONNECT, "connection refused");
        patient.recordFailure(p3, FailureKind.CONNECT, "connection refused");
        assertThat(patient.isAvailable(p3)).isTrue();
        patient.recordFailure(p3, FailureKind.CONNECT, "connection refused");
        assertThat(patient.isAvailable(p3)).isFalse();
    }

    @Test
    void shouldComeBackAfterABackOffThatDoublesWithEachEjectionUpToTheCap() {
        HealthTracker tracker = tracker(true);
        long[] expectedSeconds = { 1, 2, 4, 8, 16, 30, 30 };
        for (long seconds : expectedSeconds) {
            tracker.recordFailure(p2, FailureKind.CONNECT, "connection refused");
            assertThat(tracker.isAvailable(p2)).isFalse();
            assertThat(tracker.snapshot(p2).remainingEjection()).isEqualTo(Duration.ofSeconds(seconds));
            advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(tracker.isAvailable(p2)).as("still out just before %d s", seconds).isFalse();
            advance(Duration.ofMillis(1));
            assertThat(tracker.isAvailable(p2)).as("back after %d s", seconds).isTrue();
        }
        assertThat(events).last().asString().endsWith("back in 30 s");
    }

    @Test
    void shouldReportTheReturnOnTick() {
        HealthTracker tracker = tracker(true);
        tracker.recordFailure(p2, FailureKind.CONNECT, "connection refused");
        tracker.tick();
        assertThat(events).hasSize(1);
        advance(Duration.ofSeconds(1));
        tracker.tick();
        tracker.tick();
        assertThat(events).hasSize(2).last()
                .isEqualTo("IN participant-2 (http://127.0.0.1:8082) is back in the rotation after its 1 s back-off");
    }

    @Test
    void shouldForgetEarlierEjectionsAfterStayingHealthyAsLongAsTheLastBackOff() {
        HealthTracker tracker = tracker(true);
        tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
        advance(Duration.ofSeconds(1));
        tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
        assertThat(tracker.snapshot(p2).remainingEjection()).isEqualTo(Duration.ofSeconds(2));
        advance(Duration.ofSeconds(2));
        tracker.recordSuccess(p2);
        assertThat(tracker.snapshot(p2).ejections()).as("just back: history kept").isEqualTo(2);
        advance(Duration.ofSeconds(2));
        tracker.recordSuccess(p2);
        assertThat(tracker.snapshot(p2).ejections()).isZero();
        tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
        assertThat(tracker.snapshot(p2).remainingEjection()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldTakeAnInstanceOutWhileItsReadinessCheckFailsAndBackWhenItPasses() {
        HealthTracker tracker = tracker(true);
        tracker.recordProbe(p3, false, "HTTP 503");
        assertThat(tracker.isAvailable(p3)).as("one failed check is not enough").isTrue();
        tracker.recordProbe(p3, false, "HTTP 503");
        assertThat(tracker.isAvailable(p3)).isFalse();
        advance(Duration.ofMinutes(5));
        assertThat(tracker.isAvailable(p3)).as("no time limit: out until a check passes").isFalse();
        tracker.recordProbe(p3, true, null);
        assertThat(tracker.isAvailable(p3)).isTrue();
        assertThat(events).containsExactly(
                "OUT participant-3 (http://127.0.0.1:8083) left the rotation: its readiness check failed 2 times in a "
                        + "row (HTTP 503); out until a check passes",
                "IN participant-3 (http://127.0.0.1:8083) passed its readiness check; back in the rotation");
    }

    @Test
    void shouldEndEjectionAndResetBackOffWhenReadinessPassesAgainAfterFailing() {
        HealthTracker tracker = tracker(true);
        for (int i = 0; i < 4; i++) { // four ejections: the next would last 16 s
            tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
            advance(tracker.snapshot(p2).remainingEjection());
        }
        tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
        assertThat(tracker.snapshot(p2).remainingEjection()).isEqualTo(Duration.ofSeconds(16));
        tracker.recordProbe(p2, false, "refused");
        tracker.recordProbe(p2, false, "refused");
        tracker.recordProbe(p2, true, null);
        assertThat(tracker.isAvailable(p2)).as("restarted and ready: back at once").isTrue();
        tracker.recordFailure(p2, FailureKind.CONNECT, "refused");
        assertThat(tracker.snapshot(p2).remainingEjection()).as("back-off starts over").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldNotLetAPassingReadinessCheckCutAPassiveEjectionShort() {
        HealthTracker tracker = tracker(true);
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordFailure(p2, FailureKind.SERVER_ERROR, "HTTP 500");
        tracker.recordProbe(p2, true, null);
        assertThat(tracker.isAvailable(p2)).isFalse();
    }

    @Test
    void shouldTreatUnknownInstancesAsAvailable() {
        assertThat(tracker(true).isAvailable(p3)).isTrue();
        assertThat(tracker(true).snapshot(p3).available()).isTrue();
    }
}
