package dev.distlab.gateway.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification runs started from the dashboard: {@code ./cluster verify} (the Jepsen-style test of the running
 * cluster) with a short time, one at a time, each writing its report under {@code CLUSTER_HOME/reports/dashboard-ID/}
 * with its console output beside it. The newest {@link #KEPT} runs are remembered and their report directories kept;
 * older ones are deleted when a new run starts.
 */
final class VerifyRuns {

    private static final Logger log = LoggerFactory.getLogger(VerifyRuns.class);

    static final int KEPT = 10;
    static final String CONSOLE = "console.txt";

    /** One run as the API shows it. */
    record RunView(String id, String workload, String nemesis, int seconds, Instant startedAt, String state,
            Integer exitCode, List<String> console, boolean report) {
    }

    private final class Run {
        final String id;
        final String workload;
        final String nemesis;
        final int seconds;
        final Instant startedAt;
        final Path dir;
        final Process process;

        Run(String id, String workload, String nemesis, int seconds, Instant startedAt, Path dir, Process process) {
            this.id = id;
            this.workload = workload;
            this.nemesis = nemesis;
            this.seconds = seconds;
            this.startedAt = startedAt;
            this.dir = dir;
            this.process = process;
        }

        RunView view(int lines) {
            Integer exit = process.isAlive() ? null : process.exitValue();
            // verify's exit codes: 0 valid, 1 an anomaly found, 2 could not run
            String state = exit == null ? "running" : exit == 0 ? "valid" : exit == 1 ? "anomaly" : "error";
            return new RunView(id, workload, nemesis, seconds, startedAt, state, exit, tail(lines),
                    Files.exists(dir.resolve("index.html")));
        }

        private List<String> tail(int lines) {
            try {
                List<String> all = Files.readAllLines(dir.resolve(CONSOLE), StandardCharsets.UTF_8);
                return all.subList(Math.max(0, all.size() - lines), all.size());
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    private final ClusterScript script;
    private final Clock clock;
    private final Deque<Run> runs = new ArrayDeque<>();
    private long counter;

    VerifyRuns(ClusterScript script, Clock clock) {
        this.script = script;
        this.clock = clock;
    }

    /** Starts a run; empty if one is still running. */
    synchronized Optional<RunView> start(String workload, String nemesis, int seconds) throws IOException {
        if (!runs.isEmpty() && runs.peekFirst().process.isAlive()) {
            return Optional.empty();
        }
        String id = String.format("%d-%d", clock.millis(), ++counter);
        Path dir = script.home().resolve("reports").resolve("dashboard-" + id);
        Files.createDirectories(dir);
        log.warn("Dashboard: verification run {} starts ({} under {} faults for {} s)", id, workload, nemesis, seconds);
        Process process = script.start(dir.resolve(CONSOLE), "verify", "--workload", workload, "--nemesis", nemesis,
                "--time", String.valueOf(seconds), "--report-dir", dir.toString());
        process.onExit().thenRun(() -> log.warn("Dashboard: verification run {} ended with exit code {}", id,
                process.exitValue()));
        runs.addFirst(new Run(id, workload, nemesis, seconds, clock.instant(), dir, process));
        while (runs.size() > KEPT) {
            Run old = runs.removeLast();
            old.process.destroy();
            delete(old.dir);
        }
        return Optional.of(runs.peekFirst().view(40));
    }

    synchronized List<RunView> all() {
        return runs.stream().map(run -> run.view(0)).toList();
    }

    synchronized Optional<RunView> find(String id, int lines) {
        return runs.stream().filter(run -> run.id.equals(id)).findFirst().map(run -> run.view(lines));
    }

    /** A file of a run's report directory; empty for an unknown run or file. Names only: no path leaves it. */
    synchronized Optional<Path> reportFile(String id, String name) {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}")) {
            return Optional.empty();
        }
        return runs.stream().filter(run -> run.id.equals(id)).findFirst().map(run -> run.dir.resolve(name))
                .filter(Files::isRegularFile);
    }

    /** Ends a run still going when the gateway stops: it tests this cluster and would outlive its gateway. */
    synchronized void close() {
        runs.forEach(run -> {
            if (run.process.isAlive()) {
                run.process.destroy();
                try {
                    run.process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the old verification report {}: {}", dir, e.toString());
        }
    }
}
