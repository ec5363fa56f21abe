package dev.distlab.check.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.History;
import dev.distlab.check.history.HistoryBuilder;
import dev.distlab.check.lb.LbChecker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Picking checkers by workload, running them over one history with several workloads, and results.json. */
class CheckersTest {

    @Test
    void shouldPickEachCheckerByItsWorkloadName() {
        for (String workload : Checkers.WORKLOADS) {
            assertThat(Checkers.forWorkload(workload).name()).isEqualTo(workload);
        }
        assertThat(Checkers.forWorkload("lb", CheckerSettings.defaults())).isInstanceOf(LbChecker.class);
        assertThat(Checkers.expand(List.of("bank", "all"))).containsExactly("bank", "register", "watch", "lb", "hostile");
        assertThatThrownBy(() -> Checkers.forWorkload("queue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("register, bank, watch, lb, hostile");
    }

    @Test
    void shouldJudgeEachWorkloadOfAMixedHistoryByItsOwnOperations() {
        History history = mixed(2L);
        assertThat(Checkers.workloadsIn(history)).containsExactly("register", "bank", "watch", "hostile");

        Results results = Checkers.check(history, List.of("all"));

        assertThat(results.valid()).isTrue();
        assertThat(results.verdict()).isEqualTo("valid");
        assertThat(results.byChecker()).containsOnlyKeys(Checkers.WORKLOADS);
        assertThat(results.byChecker().get("register").stats()).containsEntry("keys", 1);
    }

    @Test
    void shouldWriteResultsJsonWithTheAnomaliesAndTheirOperations() {
        Results results = Checkers.check(mixed(1L), List.of("register", "bank"));
        assertThat(results.valid()).isFalse();

        JsonNode json = JsonMapper.builder().build().readTree(results.toJsonString());

        assertThat(json.path("valid").asBoolean()).isFalse();
        assertThat(json.path("verdict").asString()).isEqualTo("invalid");
        assertThat(json.path("anomalyCount").asInt()).isEqualTo(1);
        JsonNode register = json.path("checkers").path("register");
        assertThat(register.path("anomalyTypes").path("not-linearizable").asInt()).isEqualTo(1);
        JsonNode op = register.path("anomalies").get(0).path("ops").get(0);
        assertThat(op.path("type").asString()).isEqualTo("invoke");
        assertThat(op.path("f").asString()).isEqualTo("write");
        assertThat(op.path("value").get(0).asString()).isEqualTo("k");
        assertThat(json.path("checkers").path("bank").path("verdict").asString()).isEqualTo("valid");
        assertThat(json.path("checkers").path("bank").path("stats").path("committed").asInt()).isEqualTo(1);
    }

    @Test
    void shouldCallAnExhaustedSearchUnknownRatherThanInvalid() {
        HistoryBuilder history = new HistoryBuilder().invoke(0, "write", List.of("k", 1L)).invoke(1, "write", List.of("k", 2L))
                .ok(0, List.of("k", 1L)).ok(1, List.of("k", 2L)).okOp(2, "read", Arrays.asList("k", null), List.of("k", 1L));
        Results results = Checkers.check(history.build(), List.of("register"),
                CheckerSettings.defaults().withRegisterBudgetPerKey(1));
        assertThat(results.valid()).isFalse();
        assertThat(results.verdict()).isEqualTo("unknown");
    }

    /** Register, bank, watch and hostile operations interleaved; the read of k sees {@code read}. */
    private static History mixed(long read) {
        return new HistoryBuilder()
                .okOp(0, "open", null, Map.of("balances", Map.of("a1", 10L, "a2", 10L)))
                .okOp(1, "write", List.of("k", 1L), List.of("k", 1L))
                .okOp(2, "write", Map.of("key", "w", "value", "x"), Map.of("key", "w", "value", "x", "revision", 5L))
                .okOp(0, "transfer", Map.of("key", "t1", "from", "a1", "to", "a2", "amount", 3L), Map.of("key", "t1"))
                .okOp(1, "write", List.of("k", 2L), List.of("k", 2L))
                .okOp(3, "watch", Map.of("afterRevision", 4L), Map.of("afterRevision", 4L, "revision", 5L, "events",
                        List.of(Map.of("type", "put", "key", "w", "value", "x", "revision", 5L))))
                .okOp(1, "read", Arrays.asList("k", null), List.of("k", read))
                .okOp(0, "read", null, Map.of("balances", Map.of("a1", 7L, "a2", 13L), "total", 20L))
                .okOp(4, "hostile", Map.of("case", "garbage"), Map.of("case", "garbage", "status", 400L,
                        "problem", true, "unchanged", true))
                .okOp(0, "final-read", null, Map.of("balances", Map.of("a1", 7L, "a2", 13L), "total", 20L))
                .build();
    }
}
