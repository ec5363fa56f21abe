package dev.distlab.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the repository's {@code ./cluster} script, the way a user would, on ports and a state directory
 * of its own so that it never touches a developer's running cluster. One cluster serves every test class of
 * the JVM; it is stopped when the JVM exits.
 */
final class LocalCluster {

    static final int GATEWAY_PORT = 28080;
    static final int PARTICIPANT_BASE_PORT = 28080;
    static final int COORDINATOR_BASE_PORT = 28090;
    /** Where participant-i takes the replica protocol (the script's default: the participants' base + 100). */
    static final int PARTICIPANT_PEER_BASE_PORT = PARTICIPANT_BASE_PORT + 100;
    static final int PARTICIPANTS = 3;
    /** Two, so that idempotency across coordinators is tested. */
    static final int COORDINATORS = 2;

    private static LocalCluster shared;

    private final Path repo;
    private final Path home;
    /** Environment every instance started from now on gets ({@link #restartWith}). */
    private volatile Map<String, String> instanceEnv = Map.of();

    private LocalCluster(Path repo, Path home) {
        this.repo = repo;
        this.home = home;
    }

    /** The cluster every test shares, started on first use. */
    static synchronized LocalCluster shared() {
        if (shared == null) {
            Path repo = Path.of(System.getProperty("distlab.repo", "..")).toAbsolutePath().normalize();
            Path home = repo.resolve("system-tests/target/cluster");
            LocalCluster cluster = new LocalCluster(repo, home);
            cluster.run(180, "down", "--purge");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.run(60, "down")));
            cluster.run(240, "up", "--participants", String.valueOf(PARTICIPANTS), "--coordinators",
                    String.valueOf(COORDINATORS));
            shared = cluster;
        }
        return shared;
    }

    /**
     * Stops every instance and starts them all again with {@code env} in their environment, kept for every instance
     * started after (by {@link #heal} too) until the next call; an empty map restores the usual cluster.
     */
    synchronized void restartWith(Map<String, String> env) {
        run(180, "down");
        instanceEnv = Map.copyOf(env);
        run(240, "up", "--participants", String.valueOf(PARTICIPANTS), "--coordinators", String.valueOf(COORDINATORS));
    }

    /**
     * Kills every participant at the same instant and starts them all again with {@code env} in their environment
     * (an empty map: as usual); the coordinators and the gateway keep running. Cheaper than {@link #restartWith}
     * for a test that only needs the config store changed; the caller restores it.
     */
    synchronized void restartParticipantsWith(Map<String, String> env) {
        List<String> kill = new ArrayList<>(List.of("kill"));
        for (int i = 1; i <= PARTICIPANTS; i++) {
            kill.add("participant-" + i);
        }
        run(30, kill.toArray(String[]::new));
        run(env, 240, "up");
    }

    /** Restarts the cluster as usual if a test left it running with an environment of its own. */
    synchronized void restoreDefaults() {
        if (!instanceEnv.isEmpty()) {
            restartWith(Map.of());
        }
    }

    /**
     * Brings every instance back to ready: resumes what is paused, starts what is stopped or dead. A test that
     * fails half-way through a fault must not fail every test after it.
     */
    void heal() {
        if (everyInstanceReady()) {
            return;
        }
        boolean whole = true;
        for (String line : run(30, "status").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || fields[0].equals("NAME") || fields[0].startsWith("$")) {
                continue;
            }
            String name = fields[0];
            if (line.contains(" paused")) {
                System.out.println("healing the cluster: " + name + " was left paused");
                run(30, "resume", name);
            }
            if (!line.contains(" ready")) {
                System.out.println("healing the cluster: " + name + " was not ready");
                whole = false;
            }
        }
        if (!whole) {
            run(240, "up");
        }
    }

    /**
     * Whether every instance answers its readiness probe with 200 within 2 s: what {@code ./cluster status} shows as
     * ready (a paused, stopped or dead instance cannot answer), asked in a few milliseconds, where the script took
     * 0.7 s before every test.
     */
    private boolean everyInstanceReady() {
        List<String> urls = new ArrayList<>(List.of(gatewayUrl()));
        for (int i = 1; i <= PARTICIPANTS; i++) {
            urls.add(participantUrl(i));
        }
        for (int i = 1; i <= COORDINATORS; i++) {
            urls.add(coordinatorUrl(i));
        }
        return urls.stream().allMatch(url -> Http.statusWithin(url + "/actuator/health/readiness",
                Duration.ofSeconds(2)) == 200);
    }

    String token() {
        try {
            return Files.readString(home.resolve("token")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no cluster token", e);
        }
    }

    /** The repository whose ./cluster runs this cluster. */
    Path repo() {
        return repo;
    }

    Path home() {
        return home;
    }

    Path log(String instance) {
        return home.resolve("logs").resolve(instance + ".log");
    }

    /** The state column of {@code ./cluster status} for {@code name}: ready, starting, dead, stopped, ... */
    String status(String name) {
        for (String line : run(30, "status").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].equals(name)) {
                return fields[3];
            }
        }
        throw new IllegalStateException(name + " is not in ./cluster status");
    }

    /** The config store's data directory of a participant. */
    Path paxosDir(String name) {
        return home.resolve("data").resolve(name).resolve("paxos");
    }

    /** Waits until the process of {@code instance} has exited (a crash point halted it, say). */
    void awaitExit(String instance, Duration within) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(home.resolve("pids").resolve(instance + ".pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return; // no pid file: not running
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(instance + " (pid " + pid + ") still runs after " + within);
            }
            Balancers.sleep(50);
        }
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    String participantUrl(int i) {
        return "http://127.0.0.1:" + (PARTICIPANT_BASE_PORT + i);
    }

    /** The participant that leads the config store now (waits up to 15 s for one). */
    int leader() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 1; i <= PARTICIPANTS; i++) {
                try {
                    var node = Http.json(Http.get(participantUrl(i) + "/api/node"));
                    if ("leader".equals(node.path("paxos").path("role").asString())) {
                        return i;
                    }
                } catch (RuntimeException e) {
                    // not running or not answering: ask the next one
                }
            }
            Balancers.sleep(100);
        }
        throw new IllegalStateException("no config store leader within 15 s");
    }

    String coordinatorUrl(int i) {
        return "http://127.0.0.1:" + (COORDINATOR_BASE_PORT + i);
    }

    /** Runs {@code ./cluster ARGS...}, fails on a non-zero exit, returns what it printed. */
    String run(int timeoutSeconds, String... args) {
        return run(Map.of(), timeoutSeconds, args);
    }

    /** As {@link #run(int, String...)}, with extra environment for the processes it starts. */
    String run(Map<String, String> env, int timeoutSeconds, String... args) {
        Result result = runForExit(env, timeoutSeconds, args);
        if (result.exit() != 0) {
            throw new IllegalStateException(
                    "./cluster " + String.join(" ", args) + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }

    /** What a command printed, and its exit code. */
    record Result(int exit, String output) {
    }

    /** Runs {@code ./cluster ARGS...} and returns its exit code with what it printed, whatever the code. */
    Result runForExit(Map<String, String> env, int timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("cluster").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("CLUSTER_HOME", home.toString());
        builder.environment().put("CLUSTER_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        builder.environment().put("CLUSTER_PARTICIPANT_BASE_PORT", String.valueOf(PARTICIPANT_BASE_PORT));
        builder.environment().put("CLUSTER_COORDINATOR_BASE_PORT", String.valueOf(COORDINATOR_BASE_PORT));
        // one DEBUG line per request, with its trace id, so the tests can follow a request through the logs
        builder.environment().put("LOGGING_LEVEL_DEV_DISTLAB_COMMON_WEB", "DEBUG");
        // snapshots every 100 slots, so that a replica that was away long enough catches up from one
        builder.environment().put("PLATFORM_REPLICATION_SNAPSHOT_EVERY", "100");
        builder.environment().putAll(instanceEnv);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // read while it runs so that a chatty command cannot block on a full pipe
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./cluster " + String.join(" ", args) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            System.out.println("$ ./cluster " + String.join(" ", args) + "\n" + text);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
