package dev.distlab.verify.report;

import java.util.List;

import dev.distlab.check.history.FaultWindows;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Op;

/**
 * A stretch of the run under a fault, as the plots shade it and the fault table lists it: the checkers' fault
 * windows ({@link FaultWindows}: from the op that started the fault to the completion of the one that healed it,
 * so a kill lasts until the instance is ready again), with a window still open at the end closed at the last op.
 */
public record FaultWindow(long startNanos, long endNanos, String label) {

    public static List<FaultWindow> of(List<Op> ops) {
        long last = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).time();
        return FaultWindows.of(new History(ops)).stream().map(w -> new FaultWindow(w.start(),
                w.closed() ? w.end() : last, String.join("+", w.kinds()) + " " + w.targets().stream().sorted().toList()))
                .toList();
    }
}
