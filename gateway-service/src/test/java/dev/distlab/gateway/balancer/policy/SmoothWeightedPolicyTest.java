package dev.distlab.gateway.balancer.policy;

import static dev.distlab.gateway.balancer.policy.RoundRobinPolicyTest.pick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class SmoothWeightedPolicyTest {

    private final SmoothWeightedPolicy policy = new SmoothWeightedPolicy();

    private static final List<Candidate> FIVE_ONE_ONE = List.of(new Candidate("a", 5), new Candidate("b", 1),
            new Candidate("c", 1));

    @Test
    void shouldFollowNginxSmoothSequenceForFiveOneOne() {
        List<String> picks = picks(policy, FIVE_ONE_ONE, 7 * 100);
        for (int cycle = 0; cycle < 100; cycle++) {
            assertThat(picks.subList(cycle * 7, cycle * 7 + 7)).as("cycle %d", cycle)
                    .containsExactly("a", "a", "b", "a", "c", "a", "a");
        }
        assertThat(policy.currentWeights()).as("back to the start after each cycle")
                .containsOnly(Map.entry("a", 0), Map.entry("b", 0), Map.entry("c", 0));
    }

    @Test
    void shouldGiveExactSharesInEveryCycleWithoutBursts() {
        List<Candidate> weights = List.of(new Candidate("a", 3), new Candidate("b", 2), new Candidate("c", 1),
                new Candidate("d", 4));
        List<String> picks = picks(policy, weights, 10 * 500);
        for (int cycle = 0; cycle < 500; cycle++) {
            Map<String, Integer> counts = new TreeMap<>();
            picks.subList(cycle * 10, cycle * 10 + 10).forEach(id -> counts.merge(id, 1, Integer::sum));
            assertThat(counts).containsOnly(Map.entry("a", 3), Map.entry("b", 2), Map.entry("c", 1),
                    Map.entry("d", 4));
        }
        List<String> heavy = picks(new SmoothWeightedPolicy(), FIVE_ONE_ONE, 7_000);
        for (int cycle = 0; cycle < 1_000; cycle++) {
            List<String> oneCycle = heavy.subList(cycle * 7, cycle * 7 + 7);
            assertThat(longestRun(oneCycle, "a")).as("within a cycle, never more than 2 in a row: %s", oneCycle)
                    .isLessThanOrEqualTo(2);
        }
        // a bursty weighting would send a,a,a,a,a,b,c; across cycle boundaries the smooth one peaks at 4
        assertThat(longestRun(heavy, "a")).isLessThan(5);
    }

    @Test
    void shouldNeverPickAnInstanceWithWeightZero() {
        List<Candidate> drained = List.of(new Candidate("a", 1), new Candidate("b", 0), new Candidate("c", 1));
        assertThat(pick(policy, drained, 200)).containsOnly(Map.entry("a", 100), Map.entry("c", 100));
        assertThat(policy.pick(List.of(new Candidate("a", 0), new Candidate("b", 0)))).isEmpty();
        assertThat(policy.pick(List.of())).isEmpty();
    }

    @Test
    void shouldHandleInstancesJoiningAndLeavingMidStream() {
        picks(policy, FIVE_ONE_ONE, 3); // mid-cycle
        List<Candidate> withoutB = List.of(new Candidate("a", 5), new Candidate("c", 1));
        List<String> afterLeave = picks(policy, withoutB, 600);
        assertThat(afterLeave).doesNotContain("b");
        assertThat(count(afterLeave, "a")).isBetween(499L, 501L);

        List<Candidate> withD = List.of(new Candidate("a", 5), new Candidate("c", 1), new Candidate("d", 4));
        List<String> afterJoin = picks(policy, withD, 1000);
        assertThat(count(afterJoin, "d")).isBetween(399L, 401L);
        assertThat(count(afterJoin, "a")).isBetween(499L, 501L);
        assertThat(count(afterJoin, "c")).isBetween(99L, 101L);
        assertThat(policy.currentWeights()).doesNotContainKey("b");
    }

    @Test
    void shouldApplyWeightChangesFromTheNextPick() {
        picks(policy, FIVE_ONE_ONE, 5);
        List<Candidate> equal = List.of(new Candidate("a", 1), new Candidate("b", 1), new Candidate("c", 1));
        List<String> picks = picks(policy, equal, 300);
        // the old weighting's leftovers shift at most a few picks
        assertThat(count(picks, "a")).isBetween(96L, 104L);
        assertThat(count(picks, "b")).isBetween(96L, 104L);
    }

    private static List<String> picks(BalancingPolicy policy, List<Candidate> candidates, int times) {
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            picks.add(policy.pick(candidates).orElseThrow().id());
        }
        return picks;
    }

    private static long count(List<String> picks, String id) {
        return picks.stream().filter(id::equals).count();
    }

    private static int longestRun(List<String> picks, String id) {
        int longest = 0;
        int run = 0;
        for (String pick : picks) {
            run = pick.equals(id) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
