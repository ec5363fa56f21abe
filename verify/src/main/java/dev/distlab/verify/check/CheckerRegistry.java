package dev.distlab.verify.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.distlab.check.Checker;
import dev.distlab.check.suite.Checkers;

/**
 * Which checker judges which workload: the checkers module's, one per workload it knows. A workload without
 * an entry cannot be judged, and the run refuses to start rather than report an unchecked history as valid.
 */
public final class CheckerRegistry {

    private static final Map<String, Supplier<Checker>> CHECKERS = byWorkload();

    private CheckerRegistry() {
    }

    private static Map<String, Supplier<Checker>> byWorkload() {
        Map<String, Supplier<Checker>> checkers = new LinkedHashMap<>();
        for (String workload : Checkers.WORKLOADS) {
            checkers.put(workload, () -> Checkers.forWorkload(workload));
        }
        return Map.copyOf(checkers);
    }

    /** The checker for every workload that has one. */
    public static Map<String, Supplier<Checker>> all() {
        return CHECKERS;
    }
}
