package dev.distlab.verify.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * A stretch of the run under a fault: from the nemesis op that started it to the one that ended it (or the end
 * of the history), as the shared contract defines it.
 */
public record FaultWindow(long startNanos, long endNanos, String label) {

    private static final Set<String> STARTS = Set.of("kill", "pause", "partition", "fault", "clock");
    private static final Set<String> ENDS = Set.of("start", "resume", "heal", "clear-faults");

    public static List<FaultWindow> of(List<Op> ops) {
        List<FaultWindow> windows = new ArrayList<>();
        Op open = null;
        long last = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).time();
        for (Op op : ops) {
            if (!op.isNemesis() || op.type() != OpType.INVOKE) {
                continue;
            }
            if (STARTS.contains(op.f()) && open == null) {
                open = op;
            } else if (ENDS.contains(op.f()) && open != null) {
                windows.add(new FaultWindow(open.time(), op.time(), label(open)));
                open = null;
            }
        }
        if (open != null) {
            windows.add(new FaultWindow(open.time(), last, label(open)));
        }
        return windows;
    }

    private static String label(Op op) {
        Object targets = op.value() instanceof Map<?, ?> m ? m.get("targets") : null;
        return op.f() + (targets == null ? "" : " " + targets);
    }
}
