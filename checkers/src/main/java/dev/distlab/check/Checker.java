package dev.distlab.check;

import dev.distlab.check.history.History;

/** Judges one workload's history. Implementations are pure: the same history gives the same result. */
public interface Checker {

    /** Short name, as in results.json: {@code register}, {@code bank}, {@code watch}, {@code lb}, {@code hostile}. */
    String name();

    CheckResult check(History history);
}
