package dev.distlab.check.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.Values;
import dev.distlab.check.history.History;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * The watch workload (see the History contract): each watcher must see every acknowledged write in the range
 * it polled, once, in revision order, with the value that was written. Checked per watcher process by
 * {@link WatcherCheck}; this class gathers the writes and the watchers.
 *
 * <p>Anomaly types: {@code missed-event}, {@code duplicate}, {@code out-of-order}, {@code wrong-value},
 * {@code duplicate-revision} (two acknowledged writes answered with the same revision), {@code malformed-op}.
 */
public final class WatchChecker implements Checker {

    @Override
    public String name() {
        return "watch";
    }

    @Override
    public CheckResult check(History history) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<Long, Operation> writes = new TreeMap<>();
        int unknownWrites = 0;
        Map<Integer, List<Operation>> watchers = new TreeMap<>();
        for (Operation operation : history.operations()) {
            try {
                // the register workload writes [key, value] lists: only {"key","value"} writes are ours
                if (operation.f().equals("write") && operation.invoke().value() instanceof Map<?, ?>) {
                    unknownWrites += operation.type() == OpType.INFO ? 1 : 0;
                    if (operation.type() == OpType.OK) {
                        addWrite(writes, operation, anomalies);
                    }
                } else if (operation.f().equals("watch")) {
                    watchers.computeIfAbsent(operation.process(), p -> new ArrayList<>()).add(operation);
                }
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of(operation)));
            }
        }
        Map<String, Object> perWatcher = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Operation>> watcher : watchers.entrySet()) {
            try {
                WatcherCheck check = new WatcherCheck(watcher.getKey(), writes, anomalies);
                watcher.getValue().forEach(check::take);
                check.finish();
                perWatcher.put(String.valueOf(watcher.getKey()), check.stats());
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", "watcher " + watcher.getKey() + ": " + e.getMessage(),
                        watcher.getValue()));
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("acknowledgedWrites", writes.size());
        stats.put("unknownWrites", unknownWrites);
        stats.put("watchers", perWatcher);
        return CheckResult.of(name(), anomalies, stats);
    }

    private static void addWrite(Map<Long, Operation> writes, Operation write, List<Anomaly> anomalies) {
        long revision = Values.number(Values.map(write.completion().value(), "write result"), "revision");
        Operation other = writes.putIfAbsent(revision, write);
        if (other != null) {
            anomalies.add(Anomaly.of("duplicate-revision", "two acknowledged writes got revision " + revision,
                    List.of(other, write)));
        }
    }
}
