package dev.distlab.check.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.Values;
import dev.distlab.check.history.History;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * The hostile workload (see the History contract): every malformed, oversized, out-of-range, unauthenticated
 * or reserved-key request must be refused with a 4xx problem+json answer and change nothing. A 5xx is a
 * {@code server-error}, any other status an {@code accepted-bad-request}; then {@code not-problem-json} and
 * {@code state-changed} are judged on their own, so one answer can break several rules. Requests that got no
 * answer (network errors) are only counted.
 */
public final class HostileChecker implements Checker {

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public CheckResult check(History history) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Integer> perCase = new LinkedHashMap<>();
        int answered = 0;
        int unanswered = 0;
        for (Operation operation : history.operations("hostile")) {
            if (operation.type() != OpType.OK) {
                unanswered++;
                continue;
            }
            try {
                Map<String, Object> answer = Values.map(operation.completion().value(), "hostile result");
                String name = String.valueOf(answer.getOrDefault("case",
                        Values.map(operation.invoke().value(), "hostile value").get("case")));
                perCase.merge(name, 1, Integer::sum);
                answered++;
                judge(operation, name, answer, anomalies);
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of(operation)));
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("answered", answered);
        stats.put("unanswered", unanswered);
        stats.put("cases", perCase);
        return CheckResult.of(name(), anomalies, stats);
    }

    private static void judge(Operation operation, String name, Map<String, Object> answer, List<Anomaly> anomalies) {
        long status = Values.number(answer, "status");
        String request = "case " + name + " (" + answer.get("method") + " " + answer.get("path") + ")";
        if (status >= 500) {
            anomalies.add(Anomaly.of("server-error", request + " got " + status + ": a bad request broke the server",
                    List.of(operation)));
        } else if (status < 400) {
            anomalies.add(Anomaly.of("accepted-bad-request", request + " was accepted with " + status
                    + " instead of refused with a 4xx", List.of(operation)));
        }
        if (!Boolean.TRUE.equals(answer.get("problem"))) {
            anomalies.add(Anomaly.of("not-problem-json", request + " was answered " + status
                    + " without an application/problem+json body", List.of(operation)));
        }
        if (!Boolean.TRUE.equals(answer.get("unchanged"))) {
            anomalies.add(Anomaly.of("state-changed", request + " changed the state it aimed at"
                    + (answer.get("unchanged") == null ? " (or the workload could not tell)" : ""), List.of(operation)));
        }
    }
}
