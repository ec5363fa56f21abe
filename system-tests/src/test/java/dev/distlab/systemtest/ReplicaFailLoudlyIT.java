package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A replica whose disk refuses a write ends its process, and {@code ./cluster status} shows it dead rather
 * than ready: the disk error is real, made by marking the replica's write-ahead log immutable
 * ({@code chattr +i}, which even root cannot write through).
 */
class ReplicaFailLoudlyIT extends ClusterTest {

    @Test
    void shouldEndAReplicaWhoseDiskRefusesAWriteAndShowItDead() throws Exception {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        int victim = cluster.leader() % LocalCluster.PARTICIPANTS + 1; // a follower: the store keeps a leader
        String name = "participant-" + victim;
        Path wal = newestLog(cluster.paxosDir(name));
        assumeTrue(chattr("+i", wal) == 0, "chattr +i is not available here (needs root and ext4/xfs): skipped");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; processAlive(name) && System.nanoTime() < deadline; i++) {
                Http.send("PUT", cluster.gatewayUrl() + "/api/config/it/fail-loudly/" + i, "{\"value\":\"v\"}", null);
            }
            cluster.awaitExit(name, Duration.ofSeconds(5));
        } finally {
            chattr("-i", wal);
        }
        assertThat(Files.readString(cluster.log(name))).contains("Paxos replica " + victim + " stops the process")
                .contains("the disk refused a write").contains("Exiting with code 70");
        assertThat(cluster.status(name)).isEqualTo("dead");

        HttpResponse<String> after = Http.send("PUT", cluster.gatewayUrl() + "/api/config/it/fail-loudly/after",
                "{\"value\":\"still\"}", null);
        assertThat(after.statusCode()).as("the other two go on: %s", after.body()).isIn(200, 201);

        cluster.run(180, "start", name); // restarted from its disk, it catches up
        assertThat(cluster.status(name)).isEqualTo("ready");
    }

    private boolean processAlive(String name) {
        try {
            cluster.awaitExit(name, Duration.ZERO);
            return false;
        } catch (IllegalStateException stillRunning) {
            return true;
        }
    }

    private static Path newestLog(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("wal-\\d+\\.log"))
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static int chattr(String flag, Path file) throws InterruptedException {
        try {
            return new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
