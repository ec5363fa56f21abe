package dev.distlab.verify.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;

/**
 * results.json: {@code {"valid","seed","command","workloads","nemesis","network","unsafe","startedAt",
 * "durationMs","checkers": {name: {"valid","anomalies": [{"type","description","ops": [op lines]}],"stats"}},
 * "ops": {"invoke","ok","fail","info","nemesis"}}}.
 */
public final class ResultsJson {

    private ResultsJson() {
    }

    public static Map<String, Object> of(RunSummary run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", run.valid());
        json.put("seed", run.seed());
        json.put("command", run.command());
        json.put("workloads", run.workloads());
        json.put("nemesis", run.nemesis());
        json.put("network", run.network());
        json.put("unsafe", run.unsafe());
        json.put("startedAt", run.startedAt().toString());
        json.put("durationMs", run.durationMs());
        Map<String, Object> checkers = new LinkedHashMap<>();
        run.workloads().forEach(w -> {
            CheckResult result = run.checkers().get(w);
            if (result != null) {
                checkers.put(w, checker(result));
            }
        });
        json.put("checkers", checkers);
        json.put("ops", counts(run.ops()));
        return json;
    }

    public static String render(RunSummary run) {
        return Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(of(run));
    }

    private static Map<String, Object> checker(CheckResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", result.valid());
        json.put("anomalies", result.anomalies().stream().map(ResultsJson::anomaly).toList());
        json.put("stats", result.stats());
        return json;
    }

    private static Map<String, Object> anomaly(Anomaly anomaly) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", anomaly.type());
        json.put("description", anomaly.description());
        json.put("ops", anomaly.ops().stream().map(ResultsJson::line).toList());
        return json;
    }

    /** An op as the same JSON object as its line in history.jsonl. */
    static Object line(Op op) {
        return Http.JSON.readValue(JsonLines.toLine(op), Map.class);
    }

    static Map<String, Object> counts(List<Op> ops) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String type : List.of("invoke", "ok", "fail", "info")) {
            counts.put(type, ops.stream().filter(op -> !op.isNemesis() && op.type().json().equals(type)).count());
        }
        counts.put("nemesis", ops.stream().filter(op -> op.isNemesis() && op.type().json().equals("invoke")).count());
        return counts;
    }
}
