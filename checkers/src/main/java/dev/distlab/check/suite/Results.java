package dev.distlab.check.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.JsonLines;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every checker of a run concluded, keyed by workload, and its JSON form for results.json:
 * <pre>{"valid": false, "verdict": "invalid", "anomalyCount": 1,
 *  "checkers": {"register": {"valid": false, "verdict": "invalid", "anomalyCount": 1,
 *                            "anomalyTypes": {"not-linearizable": 1},
 *                            "anomalies": [{"type", "description", "ops": [history lines as objects]}],
 *                            "stats": {...}}}}</pre>
 * The verdict is {@code unknown} where every anomaly is a {@value #UNKNOWN_TYPE} (nothing found wrong, but
 * not everything could be decided), {@code invalid} where any other anomaly is present.
 */
public record Results(Map<String, CheckResult> byChecker) {

    /** The anomaly type that means "could not decide", not "found wrong". */
    public static final String UNKNOWN_TYPE = "search-budget-exhausted";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Results {
        byChecker = Collections.unmodifiableMap(new LinkedHashMap<>(byChecker));
    }

    public boolean valid() {
        return byChecker.values().stream().allMatch(CheckResult::valid);
    }

    public int anomalyCount() {
        return byChecker.values().stream().mapToInt(r -> r.anomalies().size()).sum();
    }

    /** {@code valid}, {@code unknown} or {@code invalid}, as Jepsen's {@code :valid?} true, :unknown, false. */
    public String verdict() {
        List<String> verdicts = byChecker.values().stream().map(Results::verdict).toList();
        return verdicts.contains("invalid") ? "invalid" : verdicts.contains("unknown") ? "unknown" : "valid";
    }

    public static String verdict(CheckResult result) {
        if (result.valid()) {
            return "valid";
        }
        return result.anomalies().stream().allMatch(a -> a.type().equals(UNKNOWN_TYPE)) ? "unknown" : "invalid";
    }

    /** The JSON-shaped form (maps, lists, plain values) results.json holds. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", valid());
        json.put("verdict", verdict());
        json.put("anomalyCount", anomalyCount());
        Map<String, Object> checkers = new LinkedHashMap<>();
        byChecker.forEach((name, result) -> checkers.put(name, toJson(result)));
        json.put("checkers", checkers);
        return json;
    }

    public static Map<String, Object> toJson(CheckResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", result.valid());
        json.put("verdict", verdict(result));
        json.put("anomalyCount", result.anomalies().size());
        Map<String, Integer> types = new TreeMap<>();
        result.anomalies().forEach(a -> types.merge(a.type(), 1, Integer::sum));
        json.put("anomalyTypes", types);
        json.put("anomalies", result.anomalies().stream().map(Results::toJson).toList());
        json.put("stats", result.stats());
        return json;
    }

    public static Map<String, Object> toJson(Anomaly anomaly) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", anomaly.type());
        json.put("description", anomaly.description());
        json.put("ops", anomaly.ops().stream().map(JsonLines::toMap).toList());
        return json;
    }

    public String toJsonString() {
        return JSON.writeValueAsString(toJson());
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJsonString() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
