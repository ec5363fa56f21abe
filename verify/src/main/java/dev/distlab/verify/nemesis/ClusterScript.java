package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.distlab.verify.cluster.Exec;

/** Runs {@code ./cluster} sub-commands for the local cluster: process signals and real partitions. */
public final class ClusterScript {

    private final Path script;

    public ClusterScript(Path script) {
        this.script = script;
    }

    /**
     * Runs {@code script args...}; returns its output, or throws with it when it fails or overruns (then it is
     * stopped, with whatever it started).
     */
    public String run(long timeoutSeconds, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        return Exec.check(command, timeoutSeconds).trim();
    }
}
