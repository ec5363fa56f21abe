package dev.distlab.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checker concluded about a history. {@code valid} is false exactly when there are anomalies.
 * {@code stats} holds JSON-shaped figures for the report (counts, shares, rates), keyed by name.
 */
public record CheckResult(String checker, boolean valid, List<Anomaly> anomalies, Map<String, Object> stats) {

    public CheckResult {
        anomalies = List.copyOf(anomalies);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats)); // keeps the checker's order
        if (valid != anomalies.isEmpty()) {
            throw new IllegalArgumentException("a result is valid exactly when it has no anomaly");
        }
    }

    public static CheckResult of(String checker, List<Anomaly> anomalies, Map<String, Object> stats) {
        return new CheckResult(checker, anomalies.isEmpty(), anomalies, stats);
    }
}
