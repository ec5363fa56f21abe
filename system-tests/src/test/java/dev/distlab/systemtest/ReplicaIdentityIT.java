package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Identity of the config store's replicas with real processes: a participant whose data directory was lost
 * refuses to start until it is re-added with {@code ./cluster restart NAME --rejoin}, and peer requests of
 * another cluster are refused.
 */
class ReplicaIdentityIT extends ClusterTest {

    @Test
    void shouldRefuseALostDataDirectoryUntilReAddedAndThenServeWhatWasWrittenBefore() throws IOException {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        String key = "it/identity/old-" + System.nanoTime();
        HttpResponse<String> written = Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + key,
                "{\"value\":\"before-the-loss\"}", null);
        assertThat(written.statusCode()).as(written.body()).isIn(200, 201);

        int lost = cluster.leader() % LocalCluster.PARTICIPANTS + 1; // a follower: no election in the way
        String name = "participant-" + lost;
        cluster.run(60, "stop", name);
        boolean readded = false;
        try {
            deleteTree(cluster.paxosDir(name)); // the disk was replaced, say
            assertThatThrownBy(() -> cluster.run(120, "start", name)).as("an empty replica its peers remember")
                    .hasMessageContaining("exited during startup");
            assertThat(Files.readString(cluster.log(name))).contains("APPLICATION FAILED TO START")
                    .contains("this data directory was lost; re-add it with ./cluster restart " + name + " --rejoin");
            assertThat(cluster.status(name)).isEqualTo("dead");
            assertThat(cluster.paxosDir(name).resolve("identity")).as("a refused start writes no identity").doesNotExist();

            cluster.run(180, "restart", name, "--rejoin");
            readded = true;
        } finally {
            if (!readded) {
                cluster.run(180, "restart", name, "--rejoin"); // leave a whole cluster to the next test
            }
        }
        assertThat(cluster.status(name)).isEqualTo("ready");
        assertThat(Files.readString(cluster.paxosDir(name).resolve("identity"))).contains("member=" + lost);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> read;
        do {
            read = Http.get(cluster.participantUrl(lost) + "/api/config/" + key + "?consistency=stale");
            if (read.statusCode() == 200) {
                break;
            }
            Balancers.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(read.statusCode()).as("the re-added replica caught up: %s", read.body()).isEqualTo(200);
        assertThat(Http.json(read).path("value").asString()).isEqualTo("before-the-loss");

        // it votes again once it has learned a slot its leader committed after the re-add: writes make one
        Path identity = cluster.paxosDir(name).resolve("identity");
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int i = 0; Files.readString(identity).contains("rejoining=true") && System.nanoTime() < deadline; i++) {
            Http.send("PUT", cluster.gatewayUrl() + "/api/config/it/identity/after-" + i, "{\"value\":\"v\"}", null);
            Balancers.sleep(200);
        }
        assertThat(Files.readString(identity)).contains("rejoining=false");
        assertThat(Files.readString(cluster.log(name))).contains("has caught up after rejoining: it votes again");
    }

    @Test
    void shouldRefusePeerRequestsOfAnotherClusterWithAConflictInWords() throws IOException {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.participantUrl(1)
                + "/internal/paxos/messages")).header("Content-Type", "application/octet-stream")
                .header("X-Paxos-Cluster", "0123456789abcdef").header("X-Paxos-Member", "2:1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]));
        HttpResponse<String> response = Http.send(request, cluster.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Http.json(response).path("detail").asString()).contains("of cluster 0123456789abcdef")
                .contains("refused");
        assertThat(Files.readString(cluster.log("participant-1"))).contains("of cluster 0123456789abcdef");

        HttpResponse<String> withoutIdentity = Http.send("POST", cluster.participantUrl(1)
                + "/internal/paxos/read-index", null, cluster.token());
        assertThat(withoutIdentity.statusCode()).isEqualTo(409);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
