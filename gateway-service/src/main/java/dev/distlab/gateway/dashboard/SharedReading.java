package dev.distlab.gateway.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One reading of the instances shared by every caller while it is younger than {@code freshFor}: any number of open
 * dashboards (and the consensus sampler) cost the instances one read per {@code freshFor}. One read at a time; the
 * callers that waited for it take its answer.
 */
final class SharedReading<T> {

    /** A reading and when it was taken. */
    record Taken<T>(Instant at, T value) {
    }

    private final Duration freshFor;
    private final Clock clock;
    private final Supplier<T> read;
    private final Object refreshing = new Object();
    private volatile Taken<T> last;

    SharedReading(Duration freshFor, Clock clock, Supplier<T> read) {
        this.freshFor = freshFor;
        this.clock = clock;
        this.read = read;
    }

    /** The last reading if still fresh, else a new one. */
    Taken<T> current() {
        Taken<T> seen = last;
        if (fresh(seen)) {
            return seen;
        }
        synchronized (refreshing) {
            seen = last;
            if (!fresh(seen)) {
                T value = read.get();
                seen = new Taken<>(clock.instant(), value);
                last = seen;
            }
            return seen;
        }
    }

    private boolean fresh(Taken<T> taken) {
        return taken != null && taken.at().plus(freshFor).isAfter(clock.instant());
    }
}
