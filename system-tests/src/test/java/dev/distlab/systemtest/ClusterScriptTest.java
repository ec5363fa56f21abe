package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cluster}'s own bookkeeping, without starting a service: what it does with a process that is dead
 * but not yet reaped, and with data written under unsafe switches. Each case was a hang or a false alarm in
 * a verify run before it was fixed.
 */
class ClusterScriptTest {

    @TempDir
    Path home;

    private record Result(int exit, String output) {
    }

    /** The repository, as LocalCluster finds it. */
    private static Path repo() {
        return Path.of(System.getProperty("distlab.repo", "..")).toAbsolutePath().normalize();
    }

    /** Runs ./cluster ARGS with CLUSTER_HOME in the temp dir; fails the test if it does not end in time. */
    private Result cluster(Map<String, String> env, long timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo().resolve("cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CLUSTER_HOME", home.toString());
        // ports no real cluster here uses, so nothing answers a readiness probe by accident
        builder.environment().put("CLUSTER_GATEWAY_PORT", "38080");
        builder.environment().put("CLUSTER_PARTICIPANT_BASE_PORT", "38080");
        builder.environment().put("CLUSTER_COORDINATOR_BASE_PORT", "38090");
        // no fast-start archives: a fake java would replace the real ones in the services' target dirs
        builder.environment().put("CLUSTER_FAST_START", "0");
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("./cluster %s ended within %d s; output:%n%s", String.join(" ", args), timeoutSeconds,
                output).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void shouldTakeAKilledButUnreapedProcessForDead() throws Exception {
        // the verifier was the parent of instances its nemesis killed and never reaped them: ./cluster kill
        // waited forever for such a zombie to go away
        Path zombiePid = home.resolve("zombie.pid");
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0.2 & echo $! > " + zombiePid + "; exec sleep 30")
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!isZombie(zombiePid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(isZombie(zombiePid)).as("the test made a zombie").isTrue();
            Files.createDirectories(home.resolve("pids"));
            Files.copy(zombiePid, home.resolve("pids/participant-1.pid"));

            Result kill = cluster(Map.of(), 20, "kill", "participant-1");
            assertThat(kill.exit()).isNotZero();
            assertThat(kill.output()).contains("participant-1 is not running");
            assertThat(cluster(Map.of(), 20, "status").output()).containsPattern("participant-1 +\\d+ +38081 +dead");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void shouldTakeAProcessWhoseMainThreadEndedForAliveUntilItsLastThreadEnds() throws Exception {
        // a SIGKILLed JVM ends thread by thread: its main thread can be a zombie while others still finish (an
        // fsync under way), and ./cluster kill took it for dead then, so a start right after found it "already
        // running" and then saw it die (FailoverIT, 2026-12-06). A main thread that ends on its own while another
        // thread runs is the same state, made on purpose.
        Assumptions.assumeTrue(new ProcessBuilder("python3", "-c", "import ctypes").start().waitFor() == 0,
                "needs python3 with ctypes");
        Process process = new ProcessBuilder("python3", "-c", "import ctypes, threading, time; "
                + "threading.Thread(target=lambda: time.sleep(3)).start(); ctypes.CDLL(None).pthread_exit(None)")
                .start();
        try {
            Path pidFile = home.resolve("threads.pid");
            Files.writeString(pidFile, Long.toString(process.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!isZombie(pidFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(isZombie(pidFile)).as("the test ended the process's main thread").isTrue();
            Files.createDirectories(home.resolve("pids"));
            Files.copy(pidFile, home.resolve("pids/participant-1.pid"));

            assertThat(cluster(Map.of(), 20, "status").output())
                    .doesNotContainPattern("participant-1 +\\d+ +38081 +dead");
            Result kill = cluster(Map.of(), 20, "kill", "participant-1");
            assertThat(kill.exit()).as(kill.output()).isZero();
            assertThat(hasRunningThread(process.pid())).as("a thread of the process runs after ./cluster kill returned")
                    .isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Whether a thread of {@code pid} is not yet a zombie (false once the process is gone). */
    private static boolean hasRunningThread(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return false;
        }
        try (var threads = Files.list(tasks)) {
            return threads.anyMatch(t -> {
                try {
                    return !Files.readString(t.resolve("stat")).replaceFirst(".*\\) ", "").startsWith("Z");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean isZombie(Path pidFile) throws IOException {
        if (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            return false;
        }
        Path stat = Path.of("/proc", Files.readString(pidFile).trim(), "stat");
        return Files.exists(stat) && Files.readString(stat).replaceFirst(".*\\) ", "").startsWith("Z");
    }

    @Test
    void shouldStartFromEmptyDataAfterUnsafeSwitchesWereOn() throws Exception {
        // a safe verify run on data left by an unsafe one found "anomalies" the earlier run had caused
        Assumptions.assumeTrue(servicesBuilt(), "the service jars are not built (./mvnw package first)");
        Files.writeString(home.resolve("unsafe"), "accept-before-fsync\n");
        Files.writeString(home.resolve("cluster-name"), "distlab-old\n");
        Path written = home.resolve("data/participant-1/paxos/log");
        Files.createDirectories(written.getParent());
        Files.writeString(written, "accepted under a planted bug");
        // a java that exits at once: the instances never get ready, and up gives up after one second
        Path jdk = fakeJdk("exit 0");

        Result up = cluster(Map.of("JAVA_HOME", jdk.toString(), "CLUSTER_WAIT_SECONDS", "1"), 60, "up");

        assertThat(up.output()).contains("was written with unsafe switches (accept-before-fsync)",
                "starting from empty data");
        assertThat(written).doesNotExist();
        assertThat(home.resolve("unsafe")).doesNotExist();
        assertThat(Files.readString(home.resolve("cluster-name"))).doesNotContain("distlab-old");
    }

    @Test
    void shouldRunTheServicesWithTheChosenJvmProfile() throws Exception {
        Assumptions.assumeTrue(servicesBuilt(), "the service jars are not built (./mvnw package first)");
        // a java that writes down how it was called, late as a loaded machine's would, and exits: up gives up
        // after one second, before the services' lines are written, so each run writes to a file of its own
        // (CI once read the startup run's gateway line in the throughput run's file)
        Path jdk = fakeJdk("sleep 2\necho \"$@\" >> \"$FAKE_JAVA_ARGS\"\nexit 0");
        Path startupArgs = home.resolve("java-args-startup");
        Path throughputArgs = home.resolve("java-args-throughput");

        cluster(Map.of("JAVA_HOME", jdk.toString(), "CLUSTER_WAIT_SECONDS", "1",
                "FAKE_JAVA_ARGS", startupArgs.toString()), 60, "up");
        // every launch of the first up has written its line and exits: a second up that still saw one running
        // would not start it again (CI once found no gateway line in the throughput run's file)
        String startup = serviceLaunches(startupArgs);
        cluster(Map.of("JAVA_HOME", jdk.toString(), "CLUSTER_WAIT_SECONDS", "1",
                "FAKE_JAVA_ARGS", throughputArgs.toString(), "CLUSTER_JVM", "throughput"), 60, "up");
        String throughput = serviceLaunches(throughputArgs);
        Result bad = cluster(Map.of("CLUSTER_JVM", "fastest"), 20, "status");

        assertThat(startup).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m", "-XX:MaxNewSize=32m");
        assertThat(throughput).doesNotContain("TieredStopAtLevel").contains("-XX:+UseSerialGC", "-Xmx512m",
                "-XX:MaxNewSize=96m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("CLUSTER_JVM must be startup or throughput, not 'fastest'");
    }

    @Test
    void shouldStartTheParticipantsAloneWithStoreOnly() throws Exception {
        Assumptions.assumeTrue(servicesBuilt(), "the service jars are not built (./mvnw package first)");
        // the bench's five-replica curve writes to the config store alone: a coordinator and a gateway would only
        // take start time from the participants on a 2-core machine
        Map<String, String> env = Map.of("JAVA_HOME", fakeJdk("exit 0").toString(), "CLUSTER_WAIT_SECONDS", "1");

        Result up = cluster(env, 60, "up", "--store-only", "--participants", "5");
        Result status = cluster(Map.of(), 20, "status");
        Result both = cluster(env, 60, "up", "--store-only", "--coordinators", "1");

        assertThat(up.output()).contains("Starting 5 participants alone").doesNotContain("started coordinator",
                "started gateway");
        try (var pids = Files.list(home.resolve("pids"))) {
            assertThat(pids.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("participant-1.pid",
                    "participant-2.pid", "participant-3.pid", "participant-4.pid", "participant-5.pid");
        }
        assertThat(status.output()).contains("participant-5").doesNotContain("coordinator-1", "gateway");
        assertThat(both.exit()).isNotZero();
        assertThat(both.output()).contains("--store-only starts no coordinator");
    }

    /** A JDK home under the temp dir whose bin/java is a shell script running {@code body}. */
    private Path fakeJdk(String body) throws IOException {
        Path java = home.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.resolve("jdk");
    }

    /** The fake java's lines once all five services (3 participants, a coordinator, the gateway) wrote theirs. */
    private static String serviceLaunches(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String lines = Files.exists(file) ? Files.readString(file) : "";
            if (lines.lines().filter(line -> line.contains("-jar ")).count() >= 5) {
                return lines;
            }
            assertThat(System.nanoTime()).as("five service launches in %s, so far:%n%s", file, lines)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean servicesBuilt() throws IOException {
        for (String service : List.of("participant-service", "coordinator-service", "gateway-service")) {
            Path target = repo().resolve(service).resolve("target");
            if (!Files.isDirectory(target)) {
                return false;
            }
            try (var files = Files.list(target)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith("-exec.jar"))) {
                    return false;
                }
            }
        }
        return true;
    }
}
