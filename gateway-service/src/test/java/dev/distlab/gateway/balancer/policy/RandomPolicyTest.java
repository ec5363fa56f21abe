package dev.distlab.gateway.balancer.policy;

import static dev.distlab.gateway.balancer.policy.RoundRobinPolicyTest.candidates;
import static dev.distlab.gateway.balancer.policy.RoundRobinPolicyTest.pick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RandomPolicyTest {

    /** Chi-square critical values at p = 0.01 for 2 and 4 degrees of freedom. */
    private static final double CRITICAL_2_DF = 9.210;
    private static final double CRITICAL_4_DF = 13.277;

    @Test
    void shouldPassAChiSquareTestOfUniformity() {
        for (long seed : new long[] { 1, 42, 20240601 }) {
            Map<String, Integer> three = pick(new RandomPolicy(new Random(seed)), candidates("a", "b", "c"), 30_000);
            assertThat(chiSquare(three, 30_000)).as("seed %d, counts %s", seed, three).isLessThan(CRITICAL_2_DF);

            Map<String, Integer> five = pick(new RandomPolicy(new Random(seed)),
                    candidates("a", "b", "c", "d", "e"), 50_000);
            assertThat(chiSquare(five, 50_000)).as("seed %d, counts %s", seed, five).isLessThan(CRITICAL_4_DF);
        }
    }

    @Test
    void shouldRepeatTheSameSequenceForTheSameSeed() {
        assertThat(sequence(new RandomPolicy(new Random(7)))).isEqualTo(sequence(new RandomPolicy(new Random(7))));
        assertThat(sequence(new RandomPolicy(new Random(7)))).isNotEqualTo(sequence(new RandomPolicy(new Random(8))));
    }

    @Test
    void shouldNeverPickAnInstanceWithWeightZero() {
        RandomPolicy policy = new RandomPolicy(new Random(3));
        List<Candidate> list = List.of(new Candidate("a", 1), new Candidate("b", 0), new Candidate("c", 1));
        assertThat(pick(policy, list, 1_000)).containsOnlyKeys("a", "c");
        assertThat(policy.pick(List.of(new Candidate("b", 0)))).isEmpty();
    }

    @Test
    void shouldHandleInstancesJoiningAndLeavingMidStream() {
        RandomPolicy policy = new RandomPolicy(new Random(5));
        pick(policy, candidates("a", "b", "c"), 10);
        assertThat(pick(policy, candidates("a", "c"), 500)).containsOnlyKeys("a", "c");
        assertThat(pick(policy, candidates("a", "c", "d"), 500)).containsOnlyKeys("a", "c", "d");
    }

    private static List<String> sequence(RandomPolicy policy) {
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            picks.add(policy.pick(candidates("a", "b", "c")).orElseThrow().id());
        }
        return picks;
    }

    private static double chiSquare(Map<String, Integer> counts, int total) {
        double expected = (double) total / counts.size();
        return counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    }
}
