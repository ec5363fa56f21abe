package dev.distlab.common.fault;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * The services' wall clock: the system clock (UTC) plus the sum of the offsets of the active {@code clock}
 * faults. Every wall-clock read in the services goes through this bean, so a clock fault moves idempotency ages,
 * in-doubt timeouts and retention cut-offs; timeouts measured with {@code System.nanoTime} (Paxos) do not move.
 */
public class PlatformClock extends Clock {

    private final Clock base;
    private final LongSupplier offsetMillis;

    public PlatformClock(Clock base, LongSupplier offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    /** The system clock in UTC, off by what {@code faults} says. */
    public static PlatformClock of(FaultRegistry faults) {
        return new PlatformClock(Clock.systemUTC(), faults::clockOffsetMillis);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new PlatformClock(base.withZone(zone), offsetMillis);
    }

    @Override
    public Instant instant() {
        long offset = offsetMillis.getAsLong();
        Instant now = base.instant();
        return offset == 0 ? now : now.plusMillis(offset);
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.getAsLong();
    }
}
