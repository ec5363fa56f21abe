package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.distlab.verify.cluster.Exec;
import dev.distlab.verify.cluster.Http;

/**
 * The bench's own cluster, driven through {@code ./cluster} as a user would, with its own state directory and
 * ports (so a developer's cluster and the tests' are left alone) and the JVM profile of {@code --jvm} (throughput,
 * full C2, unless told otherwise).
 */
final class Platform {

    private static final long UP_TIMEOUT_S = 600;

    private final Path script;
    private final Path home;
    private final BenchOptions.Ports ports;
    private final PrintStream out;
    private final String jvm;
    private final Http http = new Http();
    private int participants = 3;

    Platform(BenchOptions options, PrintStream out) {
        this.script = options.repo().resolve("cluster");
        this.home = options.clusterHome();
        this.ports = options.ports();
        this.out = out;
        this.jvm = options.jvm();
    }

    /** What {@code ./cluster up} printed and how long it took. */
    record Up(double seconds, String output) {

        /** Whether this start also built jars or fast-start archives (then it does not measure a plain start). */
        boolean prepared() {
            return output.contains("Building the services") || output.contains("Preparing fast starts");
        }
    }

    /** Starts from empty state (a fresh config store) with this many participants, one coordinator and the gateway. */
    Up freshUp(int count) throws IOException {
        return freshUp(count, jvm);
    }

    /** As {@link #freshUp(int)}, with the given JVM profile ({@code CLUSTER_JVM}) instead of the bench's. */
    Up freshUp(int count, String jvmProfile) throws IOException {
        cluster(jvmProfile, 120, "down", "--purge");
        return up(jvmProfile, count, "--coordinators", "1");
    }

    /** The JVM profile the bench's cluster runs with ({@code --jvm}). */
    String jvm() {
        return jvm;
    }

    /** Starts from empty state with this many participants alone ({@code --store-only}): the config store. */
    Up freshStoreUp(int count) throws IOException {
        cluster(jvm, 120, "down", "--purge");
        return up(jvm, count, "--store-only");
    }

    /** {@code ./cluster up} on the state there is; its lines are shown as progress. */
    private Up up(String jvmProfile, int count, String... shape) throws IOException {
        participants = count;
        List<String> args = new ArrayList<>(List.of("up", "--participants", String.valueOf(count)));
        args.addAll(List.of(shape));
        long start = System.nanoTime();
        String output = cluster(jvmProfile, UP_TIMEOUT_S, args.toArray(String[]::new));
        return new Up((System.nanoTime() - start) / 1e9, output);
    }

    void down() throws IOException {
        cluster(120, "down");
    }

    int participants() {
        return participants;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + ports.gateway();
    }

    String participantUrl(int i) {
        return "http://127.0.0.1:" + ports.participant(i);
    }

    List<String> participantAddresses() {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= participants; i++) {
            addresses.add("127.0.0.1:" + ports.participant(i));
        }
        return addresses;
    }

    /** The participant that leads the config store (waits up to 30 s for one). */
    int leader() throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 1; i <= participants; i++) {
                try {
                    var node = http.get(participantUrl(i) + "/api/node").json();
                    if ("leader".equals(node.path("paxos").path("role").asString())) {
                        return i;
                    }
                } catch (IOException | RuntimeException e) {
                    // not answering: ask the next one
                }
            }
            sleep(200);
        }
        throw new IOException("no config store leader within 30 s");
    }

    /**
     * Whether a wrk run loads the platform itself: it targets the gateway or a participant, not nginx or etcd
     * (nginx proxies to participants, but what it measures against the gateway is nginx).
     */
    boolean serves(WrkRun run) {
        int port = URI.create(run.url()).getPort();
        return port == ports.gateway() || (port > ports.participantBase() && port <= ports.participant(participants));
    }

    /** Every instance's pid, from the pid files {@code ./cluster} keeps, by name. */
    Map<String, Long> pids() throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Path dir = home.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                pids.put(name, Long.parseLong(Files.readString(file).strip()));
            }
        }
        return pids;
    }

    /** The JVM options participant-1 (like every service) really runs with, from its command line. */
    String jvmOptions() throws IOException {
        Long pid = pids().get("participant-1");
        if (pid == null) {
            return "(unknown: participant-1 is not running)";
        }
        String[] args = new String(Files.readAllBytes(Path.of("/proc", pid.toString(), "cmdline")),
                StandardCharsets.UTF_8).split("\0");
        List<String> options = new ArrayList<>();
        for (int i = 1; i < args.length && !args[i].equals("-jar"); i++) {
            if (!args[i].startsWith("-XX:SharedArchiveFile")) {
                options.add(args[i]);
            }
        }
        return String.join(" ", options);
    }

    private String cluster(long timeoutSeconds, String... args) throws IOException {
        return cluster(jvm, timeoutSeconds, args);
    }

    private String cluster(String jvmProfile, long timeoutSeconds, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = Map.of("CLUSTER_HOME", home.toString(),
                "CLUSTER_GATEWAY_PORT", String.valueOf(ports.gateway()),
                "CLUSTER_PARTICIPANT_BASE_PORT", String.valueOf(ports.participantBase()),
                "CLUSTER_COORDINATOR_BASE_PORT", String.valueOf(ports.coordinatorBase()),
                "CLUSTER_JVM", jvmProfile);
        // its "ready: NAME (N s)" lines say enough; the once-a-second "waiting: ..." lines are left out
        Exec.Result result = Exec.run(command, env, script.getParent(), timeoutSeconds, line -> {
            if (!line.strip().startsWith("waiting:")) {
                out.println("    | " + line);
            }
        });
        if (!result.ok()) {
            throw new IOException("./cluster " + String.join(" ", args) + " exited " + result.exit());
        }
        return result.output();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
