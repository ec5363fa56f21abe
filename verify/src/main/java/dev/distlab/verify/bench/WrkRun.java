package dev.distlab.verify.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One wrk invocation: {@code wrk -tT -cC -dSs --timeout 10s --latency [-s SCRIPT] URL}. wrk needs at least one
 * connection per thread, so the threads never exceed the connections. A 10 s timeout rather than wrk's 2 s, so
 * that slow answers at high concurrency are measured instead of dropped as socket errors.
 */
record WrkRun(int threads, int connections, int seconds, Path script, String url) {

    static final String TIMEOUT = "10s";

    WrkRun {
        threads = Math.max(1, Math.min(threads, connections));
    }

    WrkRun withSeconds(int newSeconds) {
        return new WrkRun(threads, connections, newSeconds, script, url);
    }

    WrkRun withConnections(int newConnections, int maxThreads) {
        return new WrkRun(maxThreads, newConnections, seconds, script, url);
    }

    List<String> command() {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", TIMEOUT, "--latency"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        return command;
    }

    /** What the run loads and how hard: its command without the duration, the same for a longer run of it. */
    String load() {
        return shown().replace(" -d" + seconds + "s ", " ");
    }

    /** The command as the docs show it: the script by its file name (its contents are described beside it). */
    String shown() {
        return String.join(" ", command()).replace(script == null ? "\0" : script.toString(),
                script == null ? "" : script.getFileName().toString());
    }
}
