package dev.distlab.verify.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final List<String> PARTICIPANTS = List.of("participant-1", "participant-2", "participant-3");
    private static final List<String> COORDINATORS = List.of("coordinator-1", "coordinator-2");
    private static final List<String> ALL = List.of("gateway", "coordinator-1", "coordinator-2", "participant-1",
            "participant-2", "participant-3");

    private static List<Step> plan(String nemesis, long seed, long runMs) {
        return Schedule.plan(nemesis, seed, PARTICIPANTS, COORDINATORS, ALL, runMs);
    }

    @Test
    void shouldRepeatTheScheduleForTheSameSeed() {
        assertThat(plan("mixed", 7, 120_000)).isEqualTo(plan("mixed", 7, 120_000)).isNotEmpty();
        assertThat(plan("mixed", 7, 120_000)).isNotEqualTo(plan("mixed", 8, 120_000));
    }

    @Test
    void shouldCloseEveryWindowBeforeTheLoadEndsWithQuietGapsBetween() {
        for (String nemesis : List.of("kill", "pause", "partition", "latency", "clock", "mixed")) {
            List<Step> steps = plan(nemesis, 3, 60_000);
            assertThat(steps).as(nemesis).isNotEmpty();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                assertThat(step.endMs()).as(nemesis).isLessThanOrEqualTo(60_000 - Schedule.QUIET_END_MS);
                assertThat(step.durationMs()).isBetween(Schedule.MIN_WINDOW_MS, Schedule.MAX_WINDOW_MS);
                if (i > 0) {
                    assertThat(step.atMs() - steps.get(i - 1).endMs()).isGreaterThanOrEqualTo(Schedule.MIN_GAP_MS);
                }
                if (!nemesis.equals("mixed")) {
                    assertThat(step.kind()).isEqualTo(nemesis);
                }
            }
        }
        assertThat(plan("none", 3, 60_000)).isEmpty();
        assertThat(plan("kill", 3, 5_000)).as("too short for a window").isEmpty();
    }

    @Test
    void shouldDealEveryKindOnceBeforeAnyTwiceInMixed() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> kinds = plan("mixed", seed, 600_000).stream().map(Step::kind).toList();
            assertThat(kinds.subList(0, 6)).as("seed %d", seed)
                    .containsExactlyInAnyOrder("kill", "pause", "partition", "latency", "clock", "crash");
        }
    }

    @Test
    void shouldSometimesKillAMajorityOrEveryParticipantAndSometimesArmACrashPoint() {
        List<Step> many = LongStream.range(0, 40).boxed().flatMap(seed -> plan("mixed", seed, 120_000).stream())
                .toList();

        assertThat(many).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo("kill");
            assertThat(s.targets()).hasSize(2).allMatch(PARTICIPANTS::contains);
        });
        assertThat(many).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo("kill");
            assertThat(s.targets()).containsExactlyInAnyOrderElementsOf(PARTICIPANTS);
        });
        assertThat(many).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo("crash");
            assertThat(s.targets()).hasSize(2).anyMatch(COORDINATORS::contains).anyMatch(PARTICIPANTS::contains);
        });
        assertThat(many).anySatisfy(s -> assertThat(s.params()).containsEntry("leader", true));
        assertThat(many).filteredOn(s -> s.kind().equals("latency"))
                .allSatisfy(s -> assertThat((Long) s.params().get("delayMs")).isBetween(50L, 300L));
        assertThat(many).filteredOn(s -> s.kind().equals("kill") || s.kind().equals("pause"))
                .allSatisfy(s -> assertThat(s.targets()).doesNotContain("gateway"));
    }
}
