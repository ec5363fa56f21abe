package dev.distlab.verify.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Runs a command to its end: its output line by line to a listener as it comes, and whole at the end. */
public final class Exec {

    /** How a command ended and what it printed (stdout and stderr together). */
    public record Result(int exit, String output) {

        public boolean ok() {
            return exit == 0;
        }
    }

    private Exec() {
    }

    public static Result run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds,
            Consumer<String> onLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        // a watchdog, because reading the output below blocks for as long as the command runs
        AtomicBoolean overran = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    overran.set(true);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "exec-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                output.append(line).append('\n');
                onLine.accept(line);
            }
        } catch (IOException e) {
            // destroying an overrunning command closes its output under this reader ("Stream closed"): the
            // output ends there, and the overrun is what is reported
            if (!overran.get()) {
                throw e;
            }
        }
        try {
            int exit = process.waitFor();
            watchdog.interrupt();
            if (overran.get()) {
                output.append("(stopped: ").append(String.join(" ", command)).append(" did not finish within ")
                        .append(timeoutSeconds).append(" s)\n");
            }
            return new Result(exit, output.toString());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs a short command quietly; its output, or throws with it when it fails. */
    public static String check(List<String> command, long timeoutSeconds) throws IOException {
        Result result = run(command, Map.of(), null, timeoutSeconds, line -> { });
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + " exited " + result.exit() + ": "
                    + result.output().strip());
        }
        return result.output();
    }
}
