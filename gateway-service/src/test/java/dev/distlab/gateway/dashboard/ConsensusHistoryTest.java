package dev.distlab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.distlab.gateway.dashboard.ConsensusHistory.Election;
import dev.distlab.gateway.dashboard.ConsensusHistory.Observed;
import dev.distlab.gateway.dashboard.ConsensusHistory.Sample;

class ConsensusHistoryTest {

    /** The fake clock: moved by the test only. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-02T03:00:00Z"));
    private final ConsensusHistory history = new ConsensusHistory(Duration.ofSeconds(1), Duration.ofSeconds(10),
            now::get);

    @Test
    void shouldKeepAtMostRetentionOverIntervalSamplesHoweverLongItRuns() {
        assertThat(history.capacity()).isEqualTo(10);
        for (int i = 0; i < 1000; i++) {
            sample(led("participant-1", "3.1", i));
        }

        ConsensusHistory.View view = history.since(null);

        assertThat(view.samples()).hasSize(10);
        assertThat(view.samples().get(9).commitIndex()).isEqualTo(999);
        assertThat(view.samples().get(0).commitIndex()).isEqualTo(990);
        assertThat(view.intervalMillis()).isEqualTo(1000);
        assertThat(view.retentionMillis()).isEqualTo(10_000);
    }

    @Test
    void shouldForgetSamplesOlderThanTheRetentionEvenWhenNoneComeAnyMore() {
        sample(led("participant-1", "3.1", 1));
        sample(led("participant-1", "3.1", 2));

        advance(Duration.ofMillis(9500)); // the first sample is now 10.5 s old, the second 9.5 s
        assertThat(history.since(null).samples()).hasSize(1);
        advance(Duration.ofSeconds(1));
        assertThat(history.since(null).samples()).isEmpty();
    }

    @Test
    void shouldMarkAnElectionWhenTheLeaderOrItsBallotChangesAcrossSamplesWithNobodyLeading() {
        sample(led("participant-1", "3.1", 10));
        sample(led("participant-1", "3.1", 12));
        assertThat(history.since(null).elections()).isEmpty();

        // participant-1 cut off: it still thinks it leads at 3.1, the other two have elected participant-2 at 4.2
        Map<String, Observed> split = new LinkedHashMap<>();
        split.put("participant-1", new Observed("leader", "3.1", 12L));
        split.put("participant-2", new Observed("leader", "4.2", 13L));
        split.put("participant-3", new Observed("follower", "4.2", 13L));
        Instant electedAt = sample(split);
        // nobody reachable, then the same leader again: no election
        sample(nobodyReachable());
        sample(led("participant-2", "4.2", 15));
        // the same leader re-elected at a higher ballot: an election
        Instant reelectedAt = sample(led("participant-2", "5.2", 16));

        ConsensusHistory.View view = history.since(null);
        assertThat(view.elections()).containsExactly(
                new Election(electedAt, "participant-1", "3.1", "participant-2", "4.2"),
                new Election(reelectedAt, "participant-2", "4.2", "participant-2", "5.2"));
        Sample splitSample = view.samples().get(2);
        assertThat(splitSample.leader()).isEqualTo("participant-2");
        assertThat(splitSample.ballot()).isEqualTo("4.2");
        assertThat(history.since(electedAt).elections()).containsExactly(view.elections().get(1));
        assertThat(history.since(electedAt).samples()).hasSize(3);
    }

    @Test
    void shouldRecordASampleWithNobodyReachableAndNoRateAcrossIt() {
        sample(led("participant-1", "3.1", 100));
        sample(nobodyReachable());

        Sample down = history.since(null).samples().get(1);
        assertThat(down.leader()).isNull();
        assertThat(down.ballot()).isNull();
        assertThat(down.commitIndex()).isNull();
        assertThat(down.commitsPerSecond()).isNull();
        assertThat(down.roles()).containsExactly(Map.entry("participant-1", ConsensusHistory.UNREACHABLE),
                Map.entry("participant-2", ConsensusHistory.UNREACHABLE),
                Map.entry("participant-3", ConsensusHistory.UNREACHABLE));
    }

    @Test
    void shouldTakeTheHighestCommitIndexAndRateItAgainstThePreviousSample() {
        Map<String, Observed> first = new LinkedHashMap<>();
        first.put("participant-1", new Observed("leader", "3.1", 100L));
        first.put("participant-2", new Observed("follower", "3.1", 98L));
        first.put("participant-3", null);
        sample(first);
        advance(Duration.ofSeconds(1)); // two seconds between the two samples
        Map<String, Observed> second = new LinkedHashMap<>();
        second.put("participant-1", null);
        second.put("participant-2", new Observed("follower", "3.1", 150L));
        second.put("participant-3", new Observed("follower", "3.1", 120L));
        sample(second);
        // a restarted participant reporting less than before gives no negative rate
        sample(led("participant-1", "3.1", 140));

        var samples = history.since(null).samples();
        assertThat(samples).extracting(Sample::commitIndex).containsExactly(100L, 150L, 140L);
        assertThat(samples.get(0).commitsPerSecond()).isNull();
        assertThat(samples.get(1).commitsPerSecond()).isEqualTo(25.0);
        assertThat(samples.get(2).commitsPerSecond()).isEqualTo(0.0);
        assertThat(samples.get(1).leader()).isNull();
        assertThat(samples.get(1).ballot()).isEqualTo("3.1");
        assertThat(samples.get(1).roles()).containsEntry("participant-1", ConsensusHistory.UNREACHABLE)
                .containsEntry("participant-2", "follower");
    }

    @Test
    void shouldIgnoreAReadingAlreadyRecorded() {
        Instant at = now.get();
        history.record(at, led("participant-1", "3.1", 1));
        history.record(at, led("participant-1", "3.1", 1));

        assertThat(history.since(null).samples()).hasSize(1);
    }

    @Test
    void shouldRefuseASettingThatCannotBound() {
        assertThatThrownBy(() -> new ConsensusHistory(Duration.ZERO, Duration.ofMinutes(10), now::get))
                .hasMessageContaining("history-interval");
        assertThatThrownBy(() -> new ConsensusHistory(Duration.ofSeconds(2), Duration.ofSeconds(1), now::get))
                .hasMessageContaining("history-retention");
    }

    @Test
    void shouldOrderBallotsByRoundThenProposer() {
        assertThat(ConsensusHistory.compareBallots("10.1", "9.3")).isPositive();
        assertThat(ConsensusHistory.compareBallots("4.1", "4.2")).isNegative();
        assertThat(ConsensusHistory.compareBallots(null, "0.0")).isNegative();
        assertThat(ConsensusHistory.compareBallots("garbage", "0.0")).isNegative();
    }

    private void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Records the participants' views one interval after the previous sample; returns when. */
    private Instant sample(Map<String, Observed> participants) {
        advance(Duration.ofSeconds(1));
        history.record(now.get(), participants);
        return now.get();
    }

    private static Map<String, Observed> led(String leader, String ballot, long commitIndex) {
        Map<String, Observed> participants = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            String id = "participant-" + i;
            participants.put(id, new Observed(id.equals(leader) ? "leader" : "follower", ballot, commitIndex));
        }
        return participants;
    }

    private static Map<String, Observed> nobodyReachable() {
        Map<String, Observed> participants = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            participants.put("participant-" + i, null);
        }
        return participants;
    }
}
