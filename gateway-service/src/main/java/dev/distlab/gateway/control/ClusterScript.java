package dev.distlab.gateway.control;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills, pauses, resumes or restarts an instance of the local cluster by running {@code ./cluster ACTION NAME}: only
 * a gateway that {@code ./cluster} started knows the script (it passes {@code gateway.control.cluster-script} and
 * {@code gateway.control.cluster-home}); anywhere else (compose, Kubernetes) the processes are the platform's to
 * supervise and the gateway cannot touch them. One action at a time, each bounded in time. The script and the name
 * are separate arguments, never a shell line.
 */
final class ClusterScript {

    private static final Logger log = LoggerFactory.getLogger(ClusterScript.class);

    static final List<String> ACTIONS = List.of("kill", "pause", "resume", "restart");

    /** The outcome of one action: the script's exit code and what it printed. */
    record Outcome(int exitCode, String output) {
    }

    private final Path script;
    private final Path home;
    private final Duration timeout;
    private final Semaphore oneAtATime = new Semaphore(1);

    ClusterScript(Path script, Path home, Duration timeout) {
        this.script = script;
        this.home = home;
        this.timeout = timeout;
    }

    /** Null when this gateway was not started by {@code ./cluster} (or the script is gone). */
    static ClusterScript of(String script, String home, Duration timeout) {
        if (script == null || script.isBlank() || home == null || home.isBlank()
                || !Files.isExecutable(Path.of(script))) {
            return null;
        }
        return new ClusterScript(Path.of(script), Path.of(home), timeout);
    }

    /** Runs the action; empty if another one is still running. */
    Optional<Outcome> run(String action, String instance) throws IOException, InterruptedException {
        if (!oneAtATime.tryAcquire()) {
            return Optional.empty();
        }
        try {
            log.warn("Dashboard action: {} {} (./cluster {} {})", action, instance, action, instance);
            Path output = Files.createTempFile("distlab-control", ".log");
            try {
                Process process = start(output, action, instance);
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return Optional.of(new Outcome(-1, "did not finish within " + timeout.toSeconds() + " s"));
                }
                return Optional.of(new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8)));
            } finally {
                Files.deleteIfExists(output);
            }
        } finally {
            oneAtATime.release();
        }
    }

    /** The cluster's state directory ({@code CLUSTER_HOME}). */
    Path home() {
        return home;
    }

    /**
     * Starts {@code ./cluster ARGS...} on this cluster, its output (both streams) into {@code output}: a file, not a
     * pipe, so that an instance the script starts never holds our end open.
     */
    Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("CLUSTER_HOME", home.toString());
        env.put("CLUSTER_WAIT_SECONDS", String.valueOf(Math.max(10, timeout.toSeconds() - 10)));
        return builder.start();
    }
}
