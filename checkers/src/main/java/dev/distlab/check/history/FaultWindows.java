package dev.distlab.check.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault windows of a history (see {@link FaultWindow}). Faults that start while another is in place join
 * its window: one healing operation ends them all, as the nemeses in this project heal everything at once.
 * The lb checker excludes these spans from its share counts; a report can shade them on its plots.
 */
public final class FaultWindows {

    /** Nemesis functions that put a fault in place. */
    public static final Set<String> STARTS = Set.of("kill", "pause", "partition", "fault", "clock");
    /** Nemesis functions that take faults away. */
    public static final Set<String> ENDS = Set.of("start", "resume", "heal", "clear-faults");

    private FaultWindows() {
    }

    public static List<FaultWindow> of(History history) {
        List<FaultWindow> windows = new ArrayList<>();
        Long start = null;
        List<String> kinds = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<Op> ops = new ArrayList<>();
        for (Operation nemesis : history.nemesis()) {
            String f = nemesis.f();
            if (STARTS.contains(f)) {
                if (start == null) {
                    start = nemesis.start();
                }
                kinds.add(f);
                targets.addAll(targets(nemesis));
                addOps(ops, nemesis);
            } else if (ENDS.contains(f) && start != null) {
                addOps(ops, nemesis);
                long end = nemesis.completion() == null ? Long.MAX_VALUE : nemesis.completion().time();
                windows.add(new FaultWindow(start, end, kinds, targets, ops));
                start = null;
                kinds.clear();
                targets.clear();
                ops.clear();
            }
        }
        if (start != null) {
            windows.add(new FaultWindow(start, Long.MAX_VALUE, kinds, targets, ops));
        }
        return windows;
    }

    /** Whether {@code time} falls inside any of {@code windows}. */
    public static boolean inAny(List<FaultWindow> windows, long time) {
        return windows.stream().anyMatch(w -> w.contains(time));
    }

    private static void addOps(List<Op> ops, Operation nemesis) {
        ops.add(nemesis.invoke());
        if (nemesis.completion() != null) {
            ops.add(nemesis.completion());
        }
    }

    /** The instance ids in the value's {@code targets} list, from the invocation or else the completion. */
    private static List<String> targets(Operation nemesis) {
        for (Op op : new Op[] {nemesis.invoke(), nemesis.completion()}) {
            if (op != null && op.value() instanceof Map<?, ?> value
                    && value.get("targets") instanceof Collection<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
        }
        return List.of();
    }
}
