package dev.distlab.common.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CrashPointsTest {

    private final List<String> halted = new ArrayList<>();
    private final CrashPoints crashPoints = new CrashPoints(halted::add);

    @Test
    void shouldNotHaltAtUnarmedPoints() {
        crashPoints.reached("coordinator.after-votes");
        assertThat(halted).isEmpty();
    }

    @Test
    void shouldHaltOnTheArmedHitOnlyAndThenDisarm() {
        crashPoints.arm("coordinator.after-commit-ack", 2);
        crashPoints.reached("coordinator.after-commit-ack");
        assertThat(halted).isEmpty();
        crashPoints.reached("coordinator.after-commit-ack");
        assertThat(halted).containsExactly("coordinator.after-commit-ack");
        crashPoints.reached("coordinator.after-commit-ack");
        assertThat(halted).hasSize(1);
        assertThat(crashPoints.armed()).isEmpty();
    }

    @Test
    void shouldArmAListFromTheSetting() {
        crashPoints.armAll(" participant.after-vote-durable , coordinator.after-decision@3,");
        assertThat(crashPoints.armed()).containsEntry("participant.after-vote-durable", 1)
                .containsEntry("coordinator.after-decision", 3).hasSize(2);
    }

    @Test
    void shouldDisarm() {
        crashPoints.arm("a.b", 1);
        assertThat(crashPoints.disarm("a.b")).isTrue();
        crashPoints.reached("a.b");
        assertThat(halted).isEmpty();
    }

    @Test
    void shouldRefuseBadNamesAndCounts() {
        assertThatThrownBy(() -> crashPoints.arm("Bad Name", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> crashPoints.arm("a.b", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(crashPoints.armed()).isEmpty();
    }
}
