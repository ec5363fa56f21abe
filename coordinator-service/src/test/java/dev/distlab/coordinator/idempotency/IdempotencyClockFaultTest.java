package dev.distlab.coordinator.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.common.fault.PlatformClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A clock fault moves the coordinator's wall clock, and with it how old an idempotency record looks. */
class IdempotencyClockFaultTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final PlatformClock clock = PlatformClock.of(registry);

    @Test
    void shouldAgeRecordsByThePlatformClock() {
        IdempotencyRecord record = IdempotencyRecord.pending("tx-1", "h", "coordinator-1", "http://c", "local",
                clock.instant());
        assertThat(record.age(clock)).isLessThan(Duration.ofMinutes(1));
        registry.add(FaultSpec.of("clock", null, null, null, null, null, Duration.ofHours(2).toMillis(), null));
        assertThat(record.age(clock)).isGreaterThanOrEqualTo(Duration.ofHours(2));
        registry.clearAll();
        assertThat(record.age(clock)).isLessThan(Duration.ofMinutes(1));
    }
}
