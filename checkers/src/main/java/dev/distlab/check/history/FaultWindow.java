package dev.distlab.check.history;

import java.util.List;
import java.util.Set;

/**
 * A span of a run during which the nemesis had a fault in place: from the invocation of the nemesis operation
 * that started it ({@code kill}, {@code pause}, {@code partition}, {@code fault}, {@code clock}) to the
 * completion of the one that ended it ({@code start}, {@code resume}, {@code heal}, {@code clear-faults}).
 * {@code end} is {@link Long#MAX_VALUE} when the history ends with the fault still in place. {@code targets}
 * are the instance ids the starting operations named; {@code ops} the nemesis lines involved.
 */
public record FaultWindow(long start, long end, List<String> kinds, Set<String> targets, List<Op> ops) {

    public FaultWindow {
        kinds = List.copyOf(kinds);
        targets = Set.copyOf(targets);
        ops = List.copyOf(ops);
    }

    public boolean contains(long time) {
        return time >= start && time <= end;
    }

    public boolean closed() {
        return end != Long.MAX_VALUE;
    }
}
