package dev.distlab.check.hostile;

import static dev.distlab.check.CheckAssertions.assertValid;
import static dev.distlab.check.CheckAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.HistoryBuilder;

/** The hostile checker: refused, problem+json and harmless passes; anything else is caught by its kind. */
class HostileCheckerTest {

    private final HostileChecker checker = new HostileChecker();

    @Test
    void shouldPassRefusedProblemAnswersAndCountLostOnes() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("oversized"), answer("oversized", 413, true, true))
                .okOp(0, "hostile", request("no-token"), answer("no-token", 401, true, true))
                .invoke(0, "hostile", request("garbage")).info(0, null, "connection reset");
        CheckResult result = checker.check(history.build());
        assertValid(result);
        assertThat(result.stats()).containsEntry("answered", 2).containsEntry("unanswered", 1);
    }

    @Test
    void shouldCatchAServerError() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("garbage"), answer("garbage", 500, true, true));
        assertThat(single(checker.check(history.build()), "server-error").description()).contains("case garbage");
    }

    @Test
    void shouldCatchA200ToABadRequest() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("negative-amount"),
                answer("negative-amount", 200, true, true));
        single(checker.check(history.build()), "accepted-bad-request");
    }

    @Test
    void shouldCatchAnAnswerThatIsNotProblemJson() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("garbage"), answer("garbage", 400, false, true));
        single(checker.check(history.build()), "not-problem-json");
    }

    @Test
    void shouldCatchAChangedState() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("reserved-key"),
                answer("reserved-key", 403, true, false));
        single(checker.check(history.build()), "state-changed");
    }

    @Test
    void shouldReportEveryRuleOneAnswerBreaks() {
        HistoryBuilder history = new HistoryBuilder().okOp(0, "hostile", request("reserved-key"),
                answer("reserved-key", 201, false, false));
        assertThat(checker.check(history.build()).anomalies()).extracting(Anomaly::type)
                .containsExactly("accepted-bad-request", "not-problem-json", "state-changed");
    }

    private static Map<String, Object> request(String name) {
        return Map.of("case", name, "method", "PUT", "path", "/api/config/x");
    }

    private static Map<String, Object> answer(String name, long status, boolean problem, boolean unchanged) {
        Map<String, Object> answer = new LinkedHashMap<>(request(name));
        answer.put("status", status);
        answer.put("problem", problem);
        answer.put("unchanged", unchanged);
        return answer;
    }
}
