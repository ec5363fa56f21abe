package dev.distlab.check.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.distlab.check.Anomaly;
import dev.distlab.check.Values;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * One watcher's polls, in the order it made them: events must come in strictly increasing revision order, no
 * revision twice, each with the value its write wrote; and every acknowledged write with a revision after the
 * watcher's first {@code afterRevision} and up to the last revision it polled must have been delivered —
 * except the ranges a {@code compacted} answer said were gone.
 */
final class WatcherCheck {

    /** Missed revisions listed in the description; the rest are counted. */
    private static final int MISSED_SHOWN = 20;

    private final int process;
    private final Map<Long, Operation> writes;
    private final List<Anomaly> anomalies;
    private final Map<Long, Operation> seenIn = new HashMap<>();
    private final List<Operation> polls = new ArrayList<>();
    private final List<long[]> excused = new ArrayList<>();
    private Long from;
    private long polledUpTo = Long.MIN_VALUE;
    private long lastRevision = Long.MIN_VALUE;
    private int events;
    private int duplicates;
    private int outOfOrder;
    private int wrongValues;
    private int missed;

    WatcherCheck(int process, Map<Long, Operation> writes, List<Anomaly> anomalies) {
        this.process = process;
        this.writes = writes;
        this.anomalies = anomalies;
    }

    void take(Operation watch) {
        Map<String, Object> asked = Values.map(watch.invoke().value(), "watch value");
        if (from == null) {
            from = Values.number(asked, "afterRevision");
        }
        if (watch.type() == OpType.FAIL && "compacted".equals(watch.completion().error())) {
            Map<String, Object> value = Values.map(watch.completion().value(), "compacted value");
            excused.add(new long[] {Values.number(value, "afterRevision"), Values.number(value, "compactRevision")});
        }
        if (watch.type() != OpType.OK) {
            return;
        }
        Map<String, Object> answer = Values.map(watch.completion().value(), "watch result");
        polls.add(watch);
        polledUpTo = Math.max(polledUpTo, Values.number(answer, "revision"));
        for (Object item : Values.list(answer.get("events"), "events")) {
            event(watch, Values.map(item, "event"));
        }
    }

    private void event(Operation watch, Map<String, Object> event) {
        long revision = Values.number(event, "revision");
        events++;
        Operation earlier = seenIn.putIfAbsent(revision, watch);
        if (earlier != null) {
            duplicates++;
            anomalies.add(Anomaly.of("duplicate", "watcher " + process + " got revision " + revision + " twice",
                    List.of(earlier, watch)));
        } else if (revision < lastRevision) {
            outOfOrder++;
            anomalies.add(Anomaly.of("out-of-order", "watcher " + process + " got revision " + revision
                    + " after revision " + lastRevision, List.of(seenIn.get(lastRevision), watch)));
        }
        lastRevision = Math.max(lastRevision, revision);
        Operation write = writes.get(revision);
        if (write != null && !"delete".equalsIgnoreCase(String.valueOf(event.get("type")))) {
            Map<String, Object> written = Values.map(write.invoke().value(), "write value");
            if (!Objects.equals(written.get("key"), event.get("key"))
                    || !Values.same(written.get("value"), event.get("value"))) {
                wrongValues++;
                anomalies.add(Anomaly.of("wrong-value", "watcher " + process + " got " + event.get("key") + " = "
                        + event.get("value") + " at revision " + revision + ", but that revision wrote "
                        + written.get("key") + " = " + written.get("value"), List.of(write, watch)));
            }
        }
    }

    /** After the last poll: the acknowledged writes in the polled range that never arrived. */
    void finish() {
        if (from == null || polledUpTo == Long.MIN_VALUE) {
            return;
        }
        List<Long> revisions = new ArrayList<>();
        List<Operation> involved = new ArrayList<>();
        for (Map.Entry<Long, Operation> write : writes.entrySet()) {
            long revision = write.getKey();
            if (revision > from && revision <= polledUpTo && !seenIn.containsKey(revision) && !excused(revision)) {
                revisions.add(revision);
                if (revisions.size() <= MISSED_SHOWN) {
                    involved.add(write.getValue());
                    Operation poll = pollCovering(revision);
                    if (poll != null && !involved.contains(poll)) {
                        involved.add(poll);
                    }
                }
            }
        }
        missed = revisions.size();
        if (missed > 0) {
            anomalies.add(Anomaly.of("missed-event", "watcher " + process + " polled revisions " + (from + 1) + " to "
                    + polledUpTo + " but never got " + missed + " acknowledged write(s), at revisions "
                    + revisions.subList(0, Math.min(missed, MISSED_SHOWN)) + (missed > MISSED_SHOWN ? " …" : ""),
                    involved));
        }
    }

    private boolean excused(long revision) {
        return excused.stream().anyMatch(range -> revision > range[0] && revision <= range[1]);
    }

    /** The poll whose range (afterRevision, revision] held this revision: the one that should have carried it. */
    private Operation pollCovering(long revision) {
        for (Operation poll : polls) {
            Map<String, Object> answer = Values.map(poll.completion().value(), "watch result");
            if (revision > Values.number(answer, "afterRevision") && revision <= Values.number(answer, "revision")) {
                return poll;
            }
        }
        return null;
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("polls", polls.size());
        stats.put("events", events);
        stats.put("fromRevision", from);
        stats.put("polledUpTo", polledUpTo == Long.MIN_VALUE ? null : polledUpTo);
        stats.put("missed", missed);
        stats.put("duplicates", duplicates);
        stats.put("outOfOrder", outOfOrder);
        stats.put("wrongValues", wrongValues);
        stats.put("compacted", excused.size());
        return stats;
    }
}
