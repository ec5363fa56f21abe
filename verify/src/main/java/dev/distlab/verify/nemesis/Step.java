package dev.distlab.verify.nemesis;

import java.util.List;
import java.util.Map;

/**
 * One fault window of the schedule: at {@code atMs} after the load began, {@code kind} hits {@code targets}
 * for {@code durationMs}, then heals. {@code kind} is kill, pause, partition, latency, clock or crash;
 * {@code params} holds the details (partition groups or {@code leader: true}, delayMs, offsetMs, the crash
 * point and probability). Targets are instance ids; a partition's are its groups' members.
 */
public record Step(long atMs, String kind, List<String> targets, Map<String, Object> params, long durationMs) {

    public Step {
        targets = List.copyOf(targets);
        params = Map.copyOf(params);
    }

    public long endMs() {
        return atMs + durationMs;
    }
}
