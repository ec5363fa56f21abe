package dev.distlab.gateway.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which instances may take traffic. Pure: no Spring, no threads, no I/O; time comes from the given clock
 * (nanoseconds, like {@link System#nanoTime()}), so tests can drive it.
 *
 * <p>Two signals decide, and an instance is available only when both allow it:
 * <ul>
 * <li><b>Passive ejection</b>, like Envoy's outlier detection: after {@code consecutiveFailures} failed
 * requests in a row (or at once on a connect failure, if so configured) the instance leaves the rotation
 * for a back-off of {@code baseEjection * 2^(n-1)} for its n-th ejection, capped at {@code maxEjection};
 * then it comes back by itself. Its ejection count starts again from 0 once it has stayed in the rotation,
 * answering successfully, for as long as its last back-off lasted.</li>
 * <li><b>Readiness</b>: after {@code probeFailures} failed readiness checks in a row the instance is out
 * until a check passes. A check that passes after failures also ends any ejection and resets its
 * count: the instance has shown it is ready again.</li>
 * </ul>
 * Every change in or out of the rotation is reported to the listener in plain words.
 */
public final class HealthTracker {

    private final HealthSettings settings;
    private final LongSupplier nanoClock;
    private final HealthListener listener;
    private final Map<Upstream, State> states = new ConcurrentHashMap<>();

    public HealthTracker(HealthSettings settings, LongSupplier nanoClock, HealthListener listener) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.listener = listener;
    }

    /** Whether the instance may take traffic now. Instances never heard of are available. */
    public boolean isAvailable(Upstream upstream) {
        State state = states.get(upstream);
        // read without the lock, on every request: both fields are volatile and each is checked on its own
        return state == null || state.ready && !state.ejectedAt(now());
    }

    /** A request got an answer that says nothing bad about the instance. */
    public void recordSuccess(Upstream upstream) {
        State state = state(upstream);
        if (state.consecutiveFailures == 0 && state.ejections == 0) {
            return; // the common case, nothing to reset: no lock taken
        }
        synchronized (state) {
            long now = now();
            state.consecutiveFailures = 0;
            if (state.ejections > 0 && !state.ejectedAt(now)
                    && now - state.ejectedUntil >= state.lastBackoffNanos) {
                state.ejections = 0;
            }
        }
    }

    /** A request failed in a way that counts against the instance. */
    public void recordFailure(Upstream upstream, FailureKind kind, String detail) {
        State state = state(upstream);
        String message = null;
        synchronized (state) {
            long now = now();
            state.consecutiveFailures++;
            if (state.ejectedAt(now)) {
                return; // already out; a late failure of a request sent before the ejection changes nothing
            }
            boolean eject = state.consecutiveFailures >= settings.consecutiveFailures()
                    || (kind == FailureKind.CONNECT && settings.ejectOnConnectFailure());
            if (eject) {
                long backoff = backoffNanos(state.ejections);
                state.ejections++;
                state.ejectedUntil = now + backoff;
                state.lastBackoffNanos = backoff;
                state.ejectionPending = true;
                int failures = state.consecutiveFailures;
                state.consecutiveFailures = 0;
                message = upstream.label() + " left the rotation after " + describeFailures(failures, kind)
                        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")") + "; back in "
                        + words(Duration.ofNanos(backoff))
                        + (state.ready ? "" : " at the earliest, once its readiness check passes");
            }
        }
        if (message != null) {
            listener.changed(upstream, false, message);
        }
    }

    /** The result of one readiness check. */
    public void recordProbe(Upstream upstream, boolean passed, String detail) {
        State state = state(upstream);
        String message = null;
        boolean available = false;
        synchronized (state) {
            long now = now();
            if (passed) {
                state.consecutiveProbeFailures = 0;
                if (!state.ready) {
                    state.ready = true;
                    state.ejections = 0;
                    state.ejectedUntil = Long.MIN_VALUE;
                    state.ejectionPending = false;
                    state.consecutiveFailures = 0;
                    available = true;
                    message = upstream.label() + " passed its readiness check; back in the rotation";
                }
            } else {
                state.consecutiveProbeFailures++;
                if (state.ready && state.consecutiveProbeFailures >= settings.probeFailures()) {
                    state.ready = false;
                    boolean wasAvailable = !state.ejectedAt(now);
                    message = upstream.label() + (wasAvailable ? " left the rotation" : " stays out of the rotation")
                            + ": its readiness check failed " + times(state.consecutiveProbeFailures) + " in a row"
                            + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")
                            + "; out until a check passes";
                }
            }
        }
        if (message != null) {
            listener.changed(upstream, available, message);
        }
    }

    /** Reports instances whose back-off has ended. Call it now and then (the prober does, every interval). */
    public void tick() {
        long now = now();
        states.forEach((upstream, state) -> {
            String message = null;
            synchronized (state) {
                if (state.ejectionPending && !state.ejectedAt(now)) {
                    state.ejectionPending = false;
                    if (state.ready) {
                        message = upstream.label() + " is back in the rotation after its "
                                + words(Duration.ofNanos(state.lastBackoffNanos)) + " back-off";
                    }
                }
            }
            if (message != null) {
                listener.changed(upstream, true, message);
            }
        });
    }

    /** What the tracker knows about one instance, for the API and tests. */
    public Snapshot snapshot(Upstream upstream) {
        State state = states.get(upstream);
        if (state == null) {
            return new Snapshot(true, true, false, 0, 0, Duration.ZERO);
        }
        synchronized (state) {
            long now = now();
            boolean ejected = state.ejectedAt(now);
            return new Snapshot(state.ready && !ejected, state.ready, ejected, state.consecutiveFailures,
                    state.ejections, ejected ? Duration.ofNanos(state.ejectedUntil - now) : Duration.ZERO);
        }
    }

    public record Snapshot(boolean available, boolean ready, boolean ejected, int consecutiveFailures,
            int ejections, Duration remainingEjection) {
    }

    private long backoffNanos(int previousEjections) {
        long base = settings.baseEjection().toNanos();
        long max = settings.maxEjection().toNanos();
        int doublings = Math.min(previousEjections, 62);
        long backoff = base;
        for (int i = 0; i < doublings && backoff < max; i++) {
            backoff *= 2;
        }
        return Math.min(backoff, max);
    }

    private State state(Upstream upstream) {
        return states.computeIfAbsent(upstream, u -> new State());
    }

    private long now() {
        return nanoClock.getAsLong();
    }

    private static String describeFailures(int failures, FailureKind kind) {
        if (failures == 1) {
            return "a " + kind.words();
        }
        return failures + " consecutive failures (the last a " + kind.words() + ")";
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Written under its lock; the fields read on every request without it are volatile. */
    private static final class State {
        volatile boolean ready = true;
        int consecutiveProbeFailures;
        volatile int consecutiveFailures;
        volatile int ejections;
        volatile long ejectedUntil = Long.MIN_VALUE;
        long lastBackoffNanos;
        boolean ejectionPending;

        boolean ejectedAt(long now) {
            return ejectedUntil != Long.MIN_VALUE && now - ejectedUntil < 0;
        }
    }
}
