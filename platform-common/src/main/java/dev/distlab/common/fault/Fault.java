package dev.distlab.common.fault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One active fault: its spec, when it was added and expires (by the real clock for display; by
 * {@code System.nanoTime} for the expiry itself, so a clock fault cannot move it), and how often it fired.
 */
public final class Fault {

    private final String id;
    private final FaultSpec spec;
    private final Instant createdAt;
    private final long expiresAtNanos;
    private final AtomicLong fired = new AtomicLong();

    Fault(String id, FaultSpec spec, Instant createdAt, long expiresAtNanos) {
        this.id = id;
        this.spec = spec;
        this.createdAt = createdAt;
        this.expiresAtNanos = expiresAtNanos;
    }

    public String id() {
        return id;
    }

    public FaultSpec spec() {
        return spec;
    }

    public long fired() {
        return fired.get();
    }

    long expiresAtNanos() {
        return expiresAtNanos;
    }

    void countFired() {
        fired.incrementAndGet();
    }

    /** The wire shape: every field of the request (null where it does not apply), times and the fire count. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("kind", spec.kind().wireName());
        json.put("direction", spec.direction() == null ? null : spec.direction().wireName());
        json.put("target", spec.target());
        json.put("path", spec.path());
        json.put("probability", spec.probability());
        json.put("delayMs", spec.delayMs());
        json.put("offsetMs", spec.offsetMs());
        json.put("durationMs", spec.durationMs());
        json.put("createdAt", createdAt.toString());
        json.put("expiresAt", createdAt.plusMillis(spec.durationMs()).toString());
        json.put("fired", fired.get());
        return json;
    }

    @Override
    public String toString() {
        return id + " (" + spec.describe() + ")";
    }
}
