package dev.distlab.check;

import java.util.List;

import dev.distlab.check.history.Op;

/**
 * One thing a checker found wrong: a short {@code type} (e.g. {@code stale-read}, {@code money-created}),
 * a sentence an operator understands, and the operations involved (invocations and completions, by index).
 */
public record Anomaly(String type, String description, List<Op> ops) {

    public Anomaly {
        ops = List.copyOf(ops);
    }
}
