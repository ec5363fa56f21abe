package dev.distlab.check.lb;

import static dev.distlab.check.CheckAssertions.assertValid;
import static dev.distlab.check.CheckAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.CheckResult;
import dev.distlab.check.history.HistoryBuilder;

/** The lb checker against skewed shares, slow recovery and errors with no fault; fair phases pass. */
class LbCheckerTest {

    private static final List<String> INSTANCES = List.of("participant-1", "participant-2", "participant-3");

    private final LbChecker checker = new LbChecker();

    @Test
    void shouldPassRoundRobinThatSharesEvenly() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        serve(history, "rr", 100, "participant-1", "participant-2", "participant-3");
        CheckResult result = checker.check(history.build());
        assertValid(result);
        Map<?, ?> phase = (Map<?, ?>) ((Map<?, ?>) result.stats().get("phases")).get("rr");
        assertThat(phase.get("counted")).isEqualTo(300L);
        assertThat(phase.get("p")).isEqualTo(1.0);
        assertThat(phase.get("enoughSamples")).isEqualTo(true);
    }

    @Test
    void shouldCatchSkewedShares() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        serve(history, "rr", 50, "participant-1", "participant-2", "participant-3");
        serve(history, "rr", 50, "participant-1", "participant-1", "participant-2");
        assertThat(single(checker.check(history.build()), "skewed-shares").description())
                .contains("phase rr (round-robin)").contains("p = ");
    }

    @Test
    void shouldJudgeWeightedSharesByTheWeightsAndSkipDrainedInstances() {
        HistoryBuilder fair = policy("w", "weighted", Map.of("participant-1", 4L, "participant-3", 0L));
        serve(fair, "w", 60, "participant-1", "participant-1", "participant-1", "participant-1", "participant-2");
        assertValid(checker.check(fair.build()));

        HistoryBuilder even = policy("w", "weighted", Map.of("participant-1", 4L, "participant-3", 0L));
        serve(even, "w", 150, "participant-1", "participant-2");
        single(checker.check(even.build()), "skewed-shares");

        HistoryBuilder drainedServed = policy("w", "weighted", Map.of("participant-3", 0L));
        serve(drainedServed, "w", 2, "participant-1", "participant-2", "participant-3");
        assertThat(single(checker.check(drainedServed.build()), "skewed-shares").description())
                .contains("participant-3 served 2");
    }

    @Test
    void shouldNotJudgeAPhaseWithTooFewRequests() {
        HistoryBuilder history = policy("r", "random", Map.of());
        serve(history, "r", 6, "participant-1");
        CheckResult result = checker.check(history.build());
        assertValid(result);
        assertThat(((Map<?, ?>) ((Map<?, ?>) result.stats().get("phases")).get("r")).get("enoughSamples")).isEqualTo(false);
    }

    @Test
    void shouldLeaveAKillWindowOutOfTheSharesAndMeasureEjectionAndRecovery() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        serve(history, "rr", 30, "participant-1", "participant-2", "participant-3");
        history.at(1_000).nemesis("kill", List.of("participant-2"));
        history.invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "503");
        history.at(1_200).invoke(0, "request", Map.of("phase", "rr")).info(0, null, "timeout");
        serve(history, "rr", 40, "participant-1", "participant-3");
        history.at(2_000).nemesis("start", List.of("participant-2"));
        serve(history, "rr", 20, "participant-1", "participant-3"); // not yet back
        history.at(2_500);
        serve(history, "rr", 30, "participant-2", "participant-3", "participant-1");

        CheckResult result = checker.check(history.build());

        assertValid(result);
        Map<?, ?> window = (Map<?, ?>) ((List<?>) result.stats().get("faultWindows")).get(0);
        assertThat(window.get("errors")).isEqualTo(2);
        assertThat(window.get("timeToEjectMs")).isEqualTo(201.0);
        assertThat(window.get("timeToRecoverMs")).isEqualTo(500.0);
        Map<?, ?> phase = (Map<?, ?>) ((Map<?, ?>) result.stats().get("phases")).get("rr");
        // 90 before the kill, 90 after participant-2 is back, less the one whose answer proved it back (it was
        // sent while the balancer was still disturbed); the 120 served by two instances in between and the 2 errors are left out
        assertThat(phase.get("counted")).isEqualTo(179L);
        assertThat(phase.get("excludedInFaultWindows")).isEqualTo(123);
    }

    @Test
    void shouldCatchErrorsLongAfterTheWindowEnded() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        history.at(1_000).nemesis("pause", List.of("participant-2"));
        history.at(2_000).nemesis("resume", List.of("participant-2"));
        serve(history, "rr", 10, "participant-1", "participant-2", "participant-3");
        history.at(5_000).invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "503");
        assertValid(checker.check(history.build()));
        history.at(13_000).invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "503");
        assertThat(single(checker.check(history.build()), "slow-recovery").description())
                .contains("1 request(s) failed more than 10000.0 ms after");
    }

    @Test
    void shouldCatchErrorsWithNoFault() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        serve(history, "rr", 10, "participant-1", "participant-2", "participant-3");
        history.invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "500");
        single(checker.check(history.build()), "errors-without-fault");
    }

    @Test
    void shouldCatchAnInstanceThatNeverCameBack() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        history.at(1_000).nemesis("kill", List.of("participant-2"));
        history.at(2_000).nemesis("start", List.of("participant-2"));
        history.at(20_000);
        serve(history, "rr", 10, "participant-1", "participant-3");
        assertThat(single(checker.check(history.build()), "not-recovered").description()).contains("participant-2");
    }

    @Test
    void shouldJudgeSharesOnlyWhileTheGatewayHadEveryInstanceInRotation() {
        HistoryBuilder history = policy("w", "weighted", Map.of("participant-1", 5L));
        rotation(history, INSTANCES);
        serve(history, "w", 40, "participant-1", "participant-1", "participant-1", "participant-1", "participant-1",
                "participant-2", "participant-3");
        rotation(history, INSTANCES);
        // participant-1 out of the gateway's rotation (not ready, say): the others rightly take its traffic
        rotation(history, List.of("participant-2", "participant-3"));
        serve(history, "w", 200, "participant-2", "participant-3");
        rotation(history, INSTANCES);
        CheckResult result = checker.check(history.build());
        assertValid(result);
        Map<?, ?> phase = (Map<?, ?>) ((Map<?, ?>) result.stats().get("phases")).get("w");
        assertThat(phase.get("counted")).isEqualTo(280L);
        assertThat(phase.get("excludedInstanceOutOfRotation")).isEqualTo(400);

        // the same requests with every instance in rotation throughout: skewed
        HistoryBuilder whole = policy("w", "weighted", Map.of("participant-1", 5L));
        rotation(whole, INSTANCES);
        serve(whole, "w", 40, "participant-1", "participant-1", "participant-1", "participant-1", "participant-1",
                "participant-2", "participant-3");
        serve(whole, "w", 200, "participant-2", "participant-3");
        rotation(whole, INSTANCES);
        single(checker.check(whole.build()), "skewed-shares");
    }

    @Test
    void shouldCountTheRecoveryGraceFromWhenTheGatewayHadTheInstanceBackInRotation() {
        // a JVM that takes 20 s to start again is not the balancer's fault...
        HistoryBuilder slowStart = policy("rr", "round-robin", Map.of());
        rotation(slowStart, INSTANCES);
        slowStart.at(1_000).nemesis("kill", List.of("participant-2"));
        slowStart.at(2_000).nemesis("start", List.of("participant-2"));
        rotation(slowStart, List.of("participant-1", "participant-3"));
        slowStart.at(15_000);
        serve(slowStart, "rr", 10, "participant-1", "participant-3");
        rotation(slowStart, List.of("participant-1", "participant-3"));
        slowStart.at(22_000);
        rotation(slowStart, INSTANCES);
        serve(slowStart, "rr", 10, "participant-1", "participant-2", "participant-3");
        assertValid(checker.check(slowStart.build()));

        // ...but an instance back in rotation that gets nothing for longer than the grace is
        HistoryBuilder ignored = policy("rr", "round-robin", Map.of());
        rotation(ignored, INSTANCES);
        ignored.at(1_000).nemesis("kill", List.of("participant-2"));
        ignored.at(2_000).nemesis("start", List.of("participant-2"));
        ignored.at(3_000);
        rotation(ignored, INSTANCES);
        ignored.at(20_000);
        serve(ignored, "rr", 10, "participant-1", "participant-3");
        assertThat(single(checker.check(ignored.build()), "not-recovered").description())
                .contains("back in rotation");
    }

    @Test
    void shouldExcuseErrorsWhileTheGatewayHadNoInstanceInRotation() {
        HistoryBuilder history = policy("rr", "round-robin", Map.of());
        rotation(history, INSTANCES);
        history.at(1_000).nemesis("kill", List.of("participant-1", "participant-2", "participant-3"));
        history.at(2_000).nemesis("start", List.of("participant-1", "participant-2", "participant-3"));
        rotation(history, List.of());
        history.at(15_000).invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "503");
        assertValid(checker.check(history.build()));
        rotation(history, List.of("participant-1"));
        history.at(16_000).invoke(0, "request", Map.of("phase", "rr")).fail(0, Map.of("phase", "rr"), "503");
        single(checker.check(history.build()), "slow-recovery");
    }

    private static void rotation(HistoryBuilder history, List<String> healthy) {
        history.okOp(1, "rotation", null, Map.of("healthy", healthy));
    }

    private static HistoryBuilder policy(String phase, String policy, Map<String, Object> weights) {
        return new HistoryBuilder().okOp(100, "set-policy", Map.of("service", "participant-service", "policy", policy,
                "weights", weights, "instances", INSTANCES, "phase", phase), Map.of());
    }

    /** {@code rounds} rounds of requests, each served by the given instances in turn. */
    private static void serve(HistoryBuilder history, String phase, int rounds, String... nodes) {
        for (int round = 0; round < rounds; round++) {
            for (String node : nodes) {
                history.invoke(0, "request", Map.of("phase", phase)).ok(0, Map.of("phase", phase), node);
            }
        }
    }
}
