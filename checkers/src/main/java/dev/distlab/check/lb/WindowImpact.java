package dev.distlab.check.lb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.history.FaultWindow;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * What one fault window did to the requests: how many failed while it lasted, when the last of them failed
 * (the time the gateway took to stop sending to the broken instance), and when a faulted instance served
 * again after the window ended (the time to recover). {@code disturbedUntil} is when the balancer is back
 * to normal: the recovery, or the window's end when no balanced instance was faulted.
 */
record WindowImpact(FaultWindow window, int requests, int errors, Long lastErrorAt, boolean balancedTarget,
        Long recoveredAt) {

    static WindowImpact of(FaultWindow window, List<Operation> requests, Set<String> instances) {
        int total = 0;
        int errors = 0;
        Long lastErrorAt = null;
        Long recoveredAt = null;
        boolean balancedTarget = window.targets().stream().anyMatch(instances::contains);
        for (Operation request : requests) {
            long at = LbChecker.at(request);
            if (window.contains(at)) {
                total++;
                if (request.type() != OpType.OK) {
                    errors++;
                    lastErrorAt = at;
                }
            } else if (at > window.end() && recoveredAt == null && request.type() == OpType.OK
                    && window.targets().contains(request.completion().node())) {
                recoveredAt = at;
            }
        }
        return new WindowImpact(window, total, errors, lastErrorAt, balancedTarget, recoveredAt);
    }

    long disturbedUntil() {
        if (!window.closed()) {
            return Long.MAX_VALUE;
        }
        if (!balancedTarget) {
            return window.end();
        }
        return recoveredAt == null ? Long.MAX_VALUE : recoveredAt;
    }

    boolean disturbs(long time) {
        return time >= window.start() && time <= disturbedUntil();
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("kinds", window.kinds());
        stats.put("targets", window.targets().stream().sorted().toList());
        stats.put("startMs", LbChecker.ms(window.start()));
        stats.put("endMs", window.closed() ? LbChecker.ms(window.end()) : null);
        stats.put("requests", requests);
        stats.put("errors", errors);
        stats.put("errorRate", requests == 0 ? null : (double) errors / requests);
        stats.put("timeToEjectMs", lastErrorAt == null ? null : LbChecker.ms(lastErrorAt - window.start()));
        stats.put("timeToRecoverMs", recoveredAt == null ? null : LbChecker.ms(recoveredAt - window.end()));
        return stats;
    }
}
