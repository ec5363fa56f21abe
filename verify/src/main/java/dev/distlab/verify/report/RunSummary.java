package dev.distlab.verify.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.distlab.check.CheckResult;
import dev.distlab.check.history.Op;

/** Everything a report says about one run. */
public record RunSummary(boolean valid, long seed, String command, List<String> workloads, String nemesis,
        String network, List<String> unsafe, Instant startedAt, long durationMs, Map<String, CheckResult> checkers,
        List<Op> ops) {

    public RunSummary {
        workloads = List.copyOf(workloads);
        unsafe = List.copyOf(unsafe);
        checkers = Map.copyOf(checkers);
        ops = List.copyOf(ops);
    }
}
