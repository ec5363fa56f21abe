package dev.distlab.verify.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.verify.history.Recorder;

/**
 * Runs each workload's checker on that workload's part of the history. The anomalies point at ops by their
 * index in history.jsonl, not the checker's own numbering.
 */
public final class Verdict {

    private Verdict() {
    }

    /** One checker's result per workload, in the order given; {@code processes} maps workload → its processes. */
    public static Map<String, CheckResult> judge(Recorder recorder, Map<String, List<Integer>> processes,
            Map<String, Supplier<Checker>> checkers) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        processes.forEach((workload, ids) -> {
            Recorder.Slice slice = recorder.sliceOf(ids);
            CheckResult result;
            try {
                result = checkers.get(workload).get().check(slice.history());
            } catch (RuntimeException e) {
                // a checker that breaks has not shown the history valid: say so, as an anomaly of its own
                result = CheckResult.of(workload, List.of(new Anomaly("checker-error",
                        "the " + workload + " checker failed: " + e, List.of())), Map.of());
            }
            List<Anomaly> anomalies = result.anomalies().stream().map(a -> new Anomaly(a.type(), a.description(),
                    a.ops().stream().map(slice::original).toList())).toList();
            results.put(workload, new CheckResult(result.checker(), result.valid(), anomalies, result.stats()));
        });
        return results;
    }

    public static boolean valid(Map<String, CheckResult> results) {
        return results.values().stream().allMatch(CheckResult::valid);
    }

}
