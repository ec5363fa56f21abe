package dev.distlab.verify.bench;

import java.io.IOException;
import java.util.Map;

import dev.distlab.verify.cluster.Exec;

/** Runs wrk and reads its result. */
final class Wrk {

    private Wrk() {
    }

    static WrkResult run(WrkRun run) throws IOException {
        Exec.Result result = Exec.run(run.command(), Map.of(), null, run.seconds() + 60L, line -> { });
        if (!result.ok()) {
            throw new IOException(run.shown() + " exited " + result.exit() + ": " + result.output().strip());
        }
        try {
            return WrkParser.parse(result.output());
        } catch (IllegalArgumentException e) {
            throw new IOException(run.shown() + ": " + e.getMessage(), e);
        }
    }
}
