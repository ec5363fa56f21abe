package dev.distlab.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Paxos group over the last {@code retention}: one sample per reading of the participants (who leads, at which
 * ballot, the commit index, each participant's role) and the elections seen between them. Bounded by configuration,
 * not uptime: at most {@code retention / interval} samples and as many elections, none older than the retention.
 * Thread-safe (the sampler writes, any number of dashboards read).
 */
final class ConsensusHistory {

    /** The role of a participant whose {@code /api/node} could not be read. */
    static final String UNREACHABLE = "unreachable";

    /**
     * What one participant said of itself (the {@code paxos} part of its {@code /api/node}); {@code ballot} and
     * {@code commitIndex} are null where it runs no config store.
     */
    record Observed(String role, String ballot, Long commitIndex) {
    }

    /**
     * The group at {@code at}: the leader (the participant claiming leadership at the highest ballot: one cut off
     * from the others may still think it leads at an older ballot), its ballot (with no leader, the highest any
     * participant reports), the highest commit index any reports, the commits per second since the previous sample
     * (null where either has no commit index), and each participant's role or {@value #UNREACHABLE}.
     */
    record Sample(Instant at, String leader, String ballot, Long commitIndex, Double commitsPerSecond,
            Map<String, String> roles) {
    }

    /** The leader or its ballot changed between two samples with a leader. */
    record Election(Instant at, String previousLeader, String previousBallot, String leader, String ballot) {
    }

    /** What the history holds after {@code since} (all of it without), with how it samples. */
    record View(long intervalMillis, long retentionMillis, List<Sample> samples, List<Election> elections) {
    }

    private final Duration interval;
    private final Duration retention;
    private final int capacity;
    private final Supplier<Instant> now;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Deque<Election> elections = new ArrayDeque<>();
    /** The last sample that had a leader: elections are changes from it, across samples where nobody led. */
    private Sample lastLed;

    /** {@code now}: the time against which the retention is measured (the platform's clock). */
    ConsensusHistory(Duration interval, Duration retention, Supplier<Instant> now) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("gateway.dashboard.history-interval must be positive, not " + interval);
        }
        if (retention.compareTo(interval) < 0) {
            throw new IllegalArgumentException("gateway.dashboard.history-retention (" + retention
                    + ") must be at least the interval (" + interval + ")");
        }
        this.interval = interval;
        this.retention = retention;
        this.capacity = (int) Math.min(1_000_000, (retention.toMillis() + interval.toMillis() - 1) / interval.toMillis());
        this.now = now;
    }

    /** Most samples (and elections) kept: retention / interval, rounded up. */
    int capacity() {
        return capacity;
    }

    /**
     * Adds what the participants said at {@code at}, by instance id (a null value: could not be read); a reading
     * not newer than the last sample's (one shared with a dashboard and already recorded) is ignored.
     */
    synchronized void record(Instant at, Map<String, Observed> participants) {
        Sample previous = samples.peekLast();
        if (previous != null && !at.isAfter(previous.at())) {
            return;
        }
        Map<String, String> roles = new LinkedHashMap<>();
        participants.forEach((id, observed) -> roles.put(id, observed == null ? UNREACHABLE : observed.role()));
        List<Observed> reachable = participants.values().stream().filter(Objects::nonNull).toList();
        Map.Entry<String, Observed> leading = participants.entrySet().stream()
                .filter(e -> e.getValue() != null && "leader".equals(e.getValue().role()))
                .max(Comparator.comparing(e -> e.getValue().ballot(), ConsensusHistory::compareBallots))
                .orElse(null);
        String leader = leading == null ? null : leading.getKey();
        String ballot = leading != null ? leading.getValue().ballot() : reachable.stream().map(Observed::ballot)
                .filter(Objects::nonNull).max(ConsensusHistory::compareBallots).orElse(null);
        Long commitIndex = reachable.stream().map(Observed::commitIndex).filter(Objects::nonNull)
                .max(Long::compare).orElse(null);
        Sample sample = new Sample(at, leader, ballot, commitIndex, commitsPerSecond(previous, at, commitIndex),
                Collections.unmodifiableMap(roles));
        if (leader != null) {
            if (lastLed != null && (!leader.equals(lastLed.leader()) || !Objects.equals(ballot, lastLed.ballot()))) {
                elections.addLast(new Election(at, lastLed.leader(), lastLed.ballot(), leader, ballot));
            }
            lastLed = sample;
        }
        samples.addLast(sample);
        prune();
    }

    /** The samples and elections after {@code since} (null: all kept), oldest first. */
    synchronized View since(Instant since) {
        prune();
        return new View(interval.toMillis(), retention.toMillis(),
                samples.stream().filter(s -> since == null || s.at().isAfter(since)).toList(),
                elections.stream().filter(e -> since == null || e.at().isAfter(since)).toList());
    }

    private void prune() {
        Instant oldest = now.get().minus(retention);
        while (!samples.isEmpty() && (samples.size() > capacity || samples.peekFirst().at().isBefore(oldest))) {
            samples.removeFirst();
        }
        while (!elections.isEmpty() && (elections.size() > capacity || elections.peekFirst().at().isBefore(oldest))) {
            elections.removeFirst();
        }
    }

    private static Double commitsPerSecond(Sample previous, Instant at, Long commitIndex) {
        if (previous == null || previous.commitIndex() == null || commitIndex == null) {
            return null;
        }
        double seconds = Duration.between(previous.at(), at).toNanos() / 1e9;
        // a participant that restarted from an older snapshot can report less than before: no negative rate
        return Math.max(0, commitIndex - previous.commitIndex()) / seconds;
    }

    /** Ballots are {@code round.proposer}; compared by round, then proposer. Unreadable or null ones sort first. */
    static int compareBallots(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }

    private static long[] parse(String ballot) {
        if (ballot == null) {
            return new long[] {-1, -1};
        }
        String[] parts = ballot.split("\\.", 2);
        try {
            return new long[] {Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new long[] {-1, -1};
        }
    }
}
