package dev.distlab.verify.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.distlab.check.CheckResult;
import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.suite.Checkers;
import dev.distlab.check.suite.Results;
import dev.distlab.verify.run.VerifyRun;

/**
 * {@code verify --check history.jsonl}: judges a recorded history again, with no cluster — a report from an
 * earlier version of the checkers, or a history written by another tool in Jepsen's shape.
 */
final class Recheck {

    private Recheck() {
    }

    static int run(Path file, PrintStream out) {
        if (!Files.isRegularFile(file)) {
            out.println("verify: no history at " + file);
            return VerifyRun.CANNOT_RUN;
        }
        History history;
        try {
            history = JsonLines.read(file);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            out.println("verify: cannot read " + file + ": " + e.getMessage());
            return VerifyRun.CANNOT_RUN;
        }
        List<String> workloads = Checkers.workloadsIn(history);
        if (workloads.isEmpty()) {
            out.println("verify: " + file + " holds no operation of a known workload");
            return VerifyRun.CANNOT_RUN;
        }
        Results results = Checkers.check(history, workloads);
        results.byChecker().forEach((name, result) -> out.println("verify: " + name + " " + summary(result)));
        out.println("verify: " + (results.valid() ? "VALID" : "INVALID") + " (" + history.size() + " operations in "
                + file + ")");
        return results.valid() ? VerifyRun.VALID : VerifyRun.ANOMALY;
    }

    private static String summary(CheckResult result) {
        if (result.valid()) {
            return "valid";
        }
        return "INVALID: " + result.anomalies().size() + " anomalies, first: " + result.anomalies().get(0).type()
                + " (" + result.anomalies().get(0).description() + ")";
    }
}
