package dev.distlab.verify.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LbWorkloadTest {

    private static final List<String> PARTICIPANTS = List.of("participant-1", "participant-2", "participant-3");

    @Test
    void shouldMeasureEveryPolicyIncludingADrainInASeededOrder() {
        List<LbWorkload.Phase> phases = LbWorkload.phases(PARTICIPANTS, new Random(11));

        assertThat(phases).isEqualTo(LbWorkload.phases(PARTICIPANTS, new Random(11)));
        assertThat(phases).extracting(LbWorkload.Phase::policy)
                .containsExactlyInAnyOrder("random", "round-robin", "weighted", "weighted");
        assertThat(phases).filteredOn(p -> p.label().equals("weighted-5-1-1")).singleElement()
                .satisfies(p -> assertThat(p.weights().values()).containsExactlyInAnyOrder(5L, 1L, 1L));
        assertThat(phases).filteredOn(p -> p.label().startsWith("weighted-drain-")).singleElement()
                .satisfies(p -> assertThat(p.weights().values()).containsExactlyInAnyOrder(0L, 1L, 1L));
    }
}
