package dev.distlab.common.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.distlab.common.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class FaultRegistryTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<String> halted = new CopyOnWriteArrayList<>();
    private final double[] roll = { 0.5 };
    private final CrashPoints crashPoints = new CrashPoints(halted::add, nanos::get, () -> roll[0]);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FaultRegistry registry = new FaultRegistry(crashPoints, meters,
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC), nanos::get, () -> roll[0]);
    private final OutgoingFaults outgoing = new OutgoingFaults(registry);

    private static FaultSpec spec(String kind, String direction, String target, String path, Double probability,
            Long delayMs, Long offsetMs, Long durationMs) {
        return FaultSpec.of(kind, direction, target, path, probability, delayMs, offsetMs, durationMs);
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void shouldFillInDefaultsAndDescribeTheFaultOnTheWire() {
        Fault fault = registry.add(spec("drop", null, "participant-2", "/internal/paxos", null, null, null, null));
        assertThat(fault.toJson()).containsEntry("id", "f-1").containsEntry("kind", "drop")
                .containsEntry("direction", "out").containsEntry("target", "participant-2")
                .containsEntry("path", "/internal/paxos").containsEntry("probability", 1.0)
                .containsEntry("durationMs", 60_000L).containsEntry("createdAt", "2030-01-01T00:00:00Z")
                .containsEntry("expiresAt", "2030-01-01T00:01:00Z").containsEntry("fired", 0L);
        assertThat(registry.add(spec("fail", "in", null, null, null, null, null, 5L)).id()).isEqualTo("f-2");
    }

    @Test
    void shouldRefuseBadInputNamingEveryFieldAndAddNothing() {
        assertThatThrownBy(() -> registry.add(spec("explode", null, null, null, null, null, null, null)))
                .isInstanceOf(ProblemException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> registry.add(spec("delay", "sideways", "a b", "nopath", 1.5, 0L, null, 0L)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getProblem().getStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("direction").contains("probability").contains("delayMs")
                            .contains("durationMs");
                });
        assertThatThrownBy(() -> registry.add(spec("delay", "out", "a b", "nopath", null, 10L, null, null)))
                .hasMessageContaining("target").hasMessageContaining("path");
        assertThatThrownBy(() -> registry.add(spec("delay", null, null, null, null, 60_001L, null, null)))
                .hasMessageContaining("delayMs");
        assertThatThrownBy(() -> registry.add(spec("clock", null, null, null, null, null, 86_400_001L, null)))
                .hasMessageContaining("offsetMs");
        assertThatThrownBy(() -> registry.add(spec("clock", null, null, null, null, null, null, null)))
                .hasMessageContaining("offsetMs");
        assertThatThrownBy(() -> registry.add(spec("crash", null, "Not A Point", null, null, null, null, null)))
                .hasMessageContaining("target");
        assertThatThrownBy(() -> registry.add(spec("drop", null, null, null, null, null, null, 3_600_001L)))
                .hasMessageContaining("durationMs");
        assertThat(registry.active()).isEmpty();
    }

    @Test
    void shouldExpireByTheNanoClockAndListClearAndCountWhatIsLeft() {
        registry.add(spec("fail", null, "*", null, null, null, null, 1_000L));
        Fault second = registry.add(spec("delay", null, "*", null, null, 5L, null, 10_000L));
        Fault third = registry.add(spec("drop", null, "*", null, null, null, null, 10_000L));
        assertThat(meters.get("platform.faults.active").gauge().value()).isEqualTo(3.0);
        advanceMillis(999);
        assertThat(registry.active()).hasSize(3);
        advanceMillis(1);
        assertThat(registry.active()).extracting(Fault::id).containsExactly(second.id(), third.id());
        assertThat(registry.clear(second.id())).isTrue();
        assertThat(registry.clear(second.id())).isFalse();
        assertThat(registry.clear("f-99")).isFalse();
        assertThat(registry.clearAll()).isEqualTo(1);
        assertThat(registry.active()).isEmpty();
        assertThat(third.id()).isEqualTo("f-3");
    }

    @Test
    void shouldSumTheOffsetsOfActiveClockFaultsAndDropThemOnExpiry() {
        Clock base = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        PlatformClock clock = new PlatformClock(base, registry::clockOffsetMillis);
        assertThat(clock.instant()).isEqualTo(base.instant());
        registry.add(spec("clock", null, null, null, null, null, 60_000L, 1_000L));
        registry.add(spec("clock", null, null, null, null, null, -5_000L, 2_000L));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:55Z"));
        assertThat(clock.millis()).isEqualTo(base.millis() + 55_000);
        advanceMillis(1_000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2029-12-31T23:59:55Z"));
        advanceMillis(1_000);
        assertThat(clock.instant()).isEqualTo(base.instant());
        assertThat(clock.withZone(ZoneOffset.ofHours(2)).getZone()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void shouldNeverFireAtProbabilityZeroAndAlwaysAtOne() {
        registry.add(spec("fail", null, "never:1", null, 0.0, null, null, null));
        registry.add(spec("fail", null, "always:1", null, 1.0, null, null, null));
        for (double r : new double[] { 0.0, 0.3, 0.999_999 }) {
            roll[0] = r;
            assertThat(outgoing.plan(URI.create("http://never:1/x"), null).fail()).isNull();
            assertThat(outgoing.plan(URI.create("http://always:1/x"), null).fail()).isNotNull();
        }
        assertThat(meters.get("platform.faults.fired").tag("kind", "fail").counter().count()).isEqualTo(3.0);
    }

    @Test
    void shouldFireWithTheGivenChance() {
        registry.add(spec("fail", null, "*", null, 0.25, null, null, null));
        roll[0] = 0.2;
        assertThat(outgoing.plan(URI.create("http://h:1/"), null).fail()).isNotNull();
        roll[0] = 0.3;
        assertThat(outgoing.plan(URI.create("http://h:1/"), null).fail()).isNull();
    }

    @Test
    void shouldMatchOutgoingCallsByInstanceIdHostPortOrStarAndByPathPrefix() {
        URI paxos = URI.create("http://127.0.0.1:8082/internal/paxos/messages");
        URI bank = URI.create("http://127.0.0.1:8082/internal/bank/accounts");
        registry.add(spec("drop", "out", "participant-2", "/internal/paxos", null, null, null, null));
        assertThat(outgoing.plan(paxos, null).drop()).as("name not known yet").isNull();
        assertThat(outgoing.plan(paxos, "participant-2").drop()).isNotNull();
        outgoing.learn(paxos, "participant-2");
        assertThat(outgoing.plan(paxos, null).drop()).isNotNull();
        assertThat(outgoing.plan(bank, null).isNone()).isTrue();
        assertThat(outgoing.plan(URI.create("http://127.0.0.1:8083/internal/paxos/messages"), null).isNone())
                .isTrue();
        registry.clearAll();
        registry.add(spec("delay", "out", "127.0.0.1:8083", null, null, 7L, null, null));
        registry.add(spec("delay", "out", "*", null, null, 3L, null, null));
        assertThat(outgoing.plan(URI.create("http://127.0.0.1:8083/a"), null).delayMs()).isEqualTo(10);
        assertThat(outgoing.plan(URI.create("http://localhost:80/a"), null).delayMs()).isEqualTo(3);
        registry.add(spec("delay", "in", null, null, null, 100L, null, null));
        assertThat(outgoing.plan(URI.create("http://localhost/a"), null).delayMs()).as("in faults").isEqualTo(3);
    }

    @Test
    void shouldArmACrashPointWithAChanceUntilTheFaultEnds() {
        crashPoints.arm("a.b", 5);
        Fault fault = registry.add(spec("crash", null, "a.b", null, 0.5, null, null, 1_000L));
        roll[0] = 0.7;
        crashPoints.reached("a.b");
        assertThat(halted).isEmpty();
        roll[0] = 0.1;
        crashPoints.reached("a.b");
        assertThat(halted).containsExactly("a.b");
        assertThat(crashPoints.armed()).as("the hit-count arming is untouched").containsEntry("a.b", 3);
        advanceMillis(1_000);
        crashPoints.reached("a.b");
        assertThat(halted).hasSize(1);
        registry.sweep();
        assertThat(registry.active()).doesNotContain(fault);
    }

    @Test
    void shouldStopTheCrashChanceWhenCleared() {
        Fault fault = registry.add(spec("crash", null, "a.b", null, 1.0, null, null, null));
        registry.clear(fault.id());
        crashPoints.reached("a.b");
        assertThat(halted).isEmpty();
    }

    @Test
    void shouldHaltSoonOnCrashNow() throws InterruptedException {
        registry.add(spec("crash", null, "now", null, null, null, null, null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (halted.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(halted).hasSize(1);
    }
}
