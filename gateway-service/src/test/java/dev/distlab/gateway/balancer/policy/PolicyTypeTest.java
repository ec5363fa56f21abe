package dev.distlab.gateway.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PolicyTypeTest {

    @Test
    void shouldKnowPoliciesByTheirApiNames() {
        assertThat(PolicyType.fromApiName("round-robin")).contains(PolicyType.ROUND_ROBIN);
        assertThat(PolicyType.fromApiName("random")).contains(PolicyType.RANDOM);
        assertThat(PolicyType.fromApiName("weighted")).contains(PolicyType.WEIGHTED);
        assertThat(PolicyType.fromApiName("ROUND_ROBIN")).isEmpty();
        assertThat(PolicyType.fromApiName("fastest")).isEmpty();
    }

    @Test
    void shouldCreateAFreshPolicyOfItsType() {
        for (PolicyType type : PolicyType.values()) {
            assertThat(type.newPolicy(Random::new).type()).isEqualTo(type);
        }
    }
}
