package dev.distlab.gateway.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class RoundRobinPolicyTest {

    private final RoundRobinPolicy policy = new RoundRobinPolicy();

    @Test
    void shouldSpreadTenThousandPicksExactlyEvenly() {
        List<Candidate> four = candidates("a", "b", "c", "d");
        Map<String, Integer> counts = pick(policy, four, 10_000);
        assertThat(counts).containsOnly(Map.entry("a", 2500), Map.entry("b", 2500), Map.entry("c", 2500),
                Map.entry("d", 2500));

        Map<String, Integer> threes = pick(new RoundRobinPolicy(), candidates("a", "b", "c"), 9_999);
        assertThat(threes).containsOnly(Map.entry("a", 3333), Map.entry("b", 3333), Map.entry("c", 3333));
    }

    @Test
    void shouldVisitInstancesInTurn() {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(policy.pick(candidates("a", "b", "c")).orElseThrow().id());
        }
        assertThat(order).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void shouldNeverPickAnInstanceWithWeightZero() {
        List<Candidate> list = List.of(new Candidate("a", 1), new Candidate("b", 0), new Candidate("c", 1));
        assertThat(pick(policy, list, 100)).containsOnly(Map.entry("a", 50), Map.entry("c", 50));
        assertThat(policy.pick(List.of(new Candidate("b", 0)))).isEmpty();
        assertThat(policy.pick(List.of())).isEmpty();
    }

    @Test
    void shouldHandleInstancesJoiningAndLeavingMidStream() {
        pick(policy, candidates("a", "b", "c"), 7);
        Map<String, Integer> afterLeave = pick(policy, candidates("a", "c"), 100);
        assertThat(afterLeave).containsOnly(Map.entry("a", 50), Map.entry("c", 50));
        Map<String, Integer> afterJoin = pick(policy, candidates("a", "c", "d"), 99);
        assertThat(afterJoin).containsOnly(Map.entry("a", 33), Map.entry("c", 33), Map.entry("d", 33));
    }

    @Test
    void theUnsafeOffByOneGivesTheFirstInstanceTwiceItsShareAndTheSafePolicyDoesNot() {
        Map<String, Integer> skewed = pick(new RoundRobinPolicy(true), candidates("a", "b", "c", "d"), 10_000);
        assertThat(skewed).containsOnly(Map.entry("a", 4000), Map.entry("b", 2000), Map.entry("c", 2000),
                Map.entry("d", 2000));
        assertThat(pick(new RoundRobinPolicy(false), candidates("a", "b", "c", "d"), 10_000)).containsOnly(
                Map.entry("a", 2500), Map.entry("b", 2500), Map.entry("c", 2500), Map.entry("d", 2500));
        // the switch reaches the policy through its type, as the balancer builds it
        assertThat(pick(PolicyType.ROUND_ROBIN.newPolicy(java.util.Random::new, true), candidates("a", "b", "c"),
                400)).containsOnly(Map.entry("a", 200), Map.entry("b", 100), Map.entry("c", 100));
        assertThat(pick(PolicyType.ROUND_ROBIN.newPolicy(java.util.Random::new), candidates("a", "b", "c"), 300))
                .containsOnly(Map.entry("a", 100), Map.entry("b", 100), Map.entry("c", 100));
    }

    static List<Candidate> candidates(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new Candidate(id, 1)).toList();
    }

    static Map<String, Integer> pick(BalancingPolicy policy, List<Candidate> candidates, int times) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(policy.pick(candidates).orElseThrow().id(), 1, Integer::sum);
        }
        return counts;
    }
}
