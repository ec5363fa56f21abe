package dev.distlab.participant.replication.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets a repeated warning through at most once per interval per key, saying how many were held back: a
 * refused peer retries many times a second, and its log must still be readable.
 */
public final class RateLimitedLog {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    public static RateLimitedLog everyTenSeconds() {
        return new RateLimitedLog(10_000_000_000L, System::nanoTime);
    }

    /**
     * Whether to log an occurrence of {@code key} now: -1 if not, otherwise how many occurrences were
     * suppressed since the last one logged.
     */
    public long admit(String key) {
        long now = nanoClock.getAsLong();
        Window window = windows.computeIfAbsent(key, k -> new Window());
        synchronized (window) {
            if (window.logged && now - window.lastLogged < intervalNanos) {
                window.suppressed++;
                return -1;
            }
            long suppressed = window.suppressed;
            window.logged = true;
            window.lastLogged = now;
            window.suppressed = 0;
            return suppressed;
        }
    }

    private static final class Window {
        boolean logged;
        long lastLogged;
        long suppressed;
    }
}
