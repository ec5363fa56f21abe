package dev.distlab.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.policy.PolicyType;

class BalancerUpdateTest {

    @Test
    void shouldAcceptPolicyAndWeightsEachOptional() {
        BalancerUpdate both = BalancerUpdate.parse("{\"policy\":\"weighted\",\"weights\":{\"p1\":5,\"p2\":0,\"p3\":1000}}");
        assertThat(both.policy()).contains(PolicyType.WEIGHTED);
        assertThat(both.weights()).containsOnly(Map.entry("p1", 5), Map.entry("p2", 0), Map.entry("p3", 1000));
        assertThat(BalancerUpdate.parse("{\"policy\":\"random\"}").weights()).isEmpty();
        assertThat(BalancerUpdate.parse("{\"weights\":{\"p1\":2}}").policy()).isEmpty();
        assertThat(BalancerUpdate.parse("{}").policy()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "{\"policy\": \"random\",", "not json at all", "[]", "\"random\"", "null",
            "{\"policy\":\"random\",\"colour\":1}", "{\"policy\":\"fastest\"}", "{\"policy\":7}",
            "{\"policy\":null}", "{\"policy\":\"Round-Robin\"}", "{\"weights\":{\"p1\":-1}}",
            "{\"weights\":{\"p1\":1001}}", "{\"weights\":{\"p1\":2.5}}", "{\"weights\":{\"p1\":1.0}}",
            "{\"weights\":{\"p1\":\"5\"}}", "{\"weights\":{\"p1\":null}}", "{\"weights\":[1,2]}",
            "{\"weights\":{\"p1\":99999999999}}", "{\"policy\":\"random\",\"policy\":\"weighted\"}" })
    void shouldRefuseBadBodiesWith400(String body) {
        assertThatThrownBy(() -> BalancerUpdate.parse(body)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.getProblem().getStatus()).isEqualTo(400));
    }

    @Test
    void shouldRefuseWeightsForUnknownInstances() {
        BalancerUpdate update = BalancerUpdate.parse("{\"weights\":{\"participant-9\":1}}");
        assertThatThrownBy(() -> update.requireKnownInstances("participant-service", Set.of("participant-1")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getProblem().getStatus()).isEqualTo(400);
                    assertThat(e.getProblem().getDetail()).contains("participant-9");
                });
    }
}
