package dev.distlab.check.lb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.distlab.check.Values;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * Which instances the gateway had in its rotation over time, from the lb workload's {@code rotation}
 * operations (ok value {@code {"healthy": [ids]}}, read from {@code GET /api/gateway/balancers}). The gateway
 * is health-aware: while it keeps an instance out, the others rightly share its traffic, so the policy's shares
 * only hold for requests made while every instance was in. A history without samples counts as always whole.
 */
final class Rotation {

    private record Sample(long start, long end, Set<String> healthy) {
    }

    private final List<Sample> samples;

    private Rotation(List<Sample> samples) {
        this.samples = samples;
    }

    static Rotation of(List<Operation> operations) {
        List<Sample> samples = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.f().equals("rotation") && operation.type() == OpType.OK) {
                List<Object> healthy = Values.list(Values.map(operation.value(), "rotation value").get("healthy"),
                        "rotation healthy");
                Set<String> ids = new HashSet<>();
                healthy.forEach(id -> ids.add(String.valueOf(id)));
                samples.add(new Sample(operation.start(), operation.end(), ids));
            }
        }
        samples.sort(Comparator.comparingLong(Sample::end));
        return new Rotation(samples);
    }

    boolean sampled() {
        return !samples.isEmpty();
    }

    /** Whether the last sample taken before {@code time} showed no instance in rotation (all down or out). */
    boolean emptyAt(long time) {
        Sample last = null;
        for (Sample sample : samples) {
            if (sample.end() <= time) {
                last = sample;
            }
        }
        return last != null && last.healthy().isEmpty();
    }

    /** When a sample begun after {@code from} first showed any of {@code instances} in rotation; null if none. */
    Long backAfter(long from, Collection<String> instances) {
        for (Sample sample : samples) {
            if (sample.start() >= from && instances.stream().anyMatch(sample.healthy()::contains)) {
                return sample.end();
            }
        }
        return null;
    }

    /**
     * Whether every one of {@code instances} was in rotation in the last sample taken wholly before
     * {@code start} and in the first one begun after {@code end}: a request between two such samples met the
     * rotation whole, unless an instance left and came back between them, which no sampling can rule out.
     */
    boolean wholeAround(long start, long end, Collection<String> instances) {
        if (samples.isEmpty()) {
            return true;
        }
        Sample before = null;
        Sample after = null;
        for (Sample sample : samples) {
            if (sample.end() <= start) {
                before = sample;
            }
            if (after == null && sample.start() >= end) {
                after = sample;
            }
        }
        return before != null && after != null && before.healthy().containsAll(instances)
                && after.healthy().containsAll(instances);
    }
}
