package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.distlab.participant.ParticipantApplication;
import dev.distlab.participant.replication.identity.PeerHeaders;

/**
 * A one-member store with a peer URL of its own: the protocol messages are served on the peer port, by threads of
 * their own, and nothing else is; messages on the API port are taken and logged as a sender's misconfiguration; a
 * participant whose peer port is taken does not start.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.instance-id=participant-1", "platform.cluster-token=" + PeerPortTest.TOKEN,
                "platform.replication.members=http://127.0.0.1:1" })
@ExtendWith(OutputCaptureExtension.class)
class PeerPortTest {

    static final String TOKEN = "peer-port-test-token";
    private static final int PEER_PORT = freePort();

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void peerUrl(DynamicPropertyRegistry registry) {
        registry.add("platform.replication.peer-urls", () -> "http://127.0.0.1:" + PEER_PORT);
    }

    @Test
    void shouldTakeProtocolMessagesOnThePeerPort() throws Exception {
        HttpResponse<String> unauthenticated = send(PEER_PORT, "POST", "/internal/paxos/messages", null);
        HttpResponse<String> notAReplica = send(PEER_PORT, "POST", "/internal/paxos/messages", TOKEN);

        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        // past the token, the replicas' identity check, which only the protocol's paths have
        assertThat(notAReplica.statusCode()).as(notAReplica.body()).isEqualTo(409);
        assertThat(notAReplica.body()).contains("without X-Paxos-Cluster and X-Paxos-Member headers");
        assertThat(Thread.getAllStackTraces().keySet()).as("threads of the peer port's own pool")
                .anyMatch(thread -> thread.getName().startsWith("http-nio-" + PEER_PORT + "-exec-"));
    }

    @Test
    void shouldServeNothingButProtocolMessagesOnThePeerPort() throws Exception {
        HttpResponse<String> node = send(PEER_PORT, "GET", "/api/node", null);
        HttpResponse<String> write = send(PEER_PORT, "PUT", "/api/config/k", TOKEN);

        assertThat(node.statusCode()).isEqualTo(404);
        assertThat(node.body()).contains("takes the replicas' protocol messages only");
        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(send(port, "GET", "/api/node", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldTakeMessagesOnTheApiPortAndSayTheSendersPeerUrlsDiffer(CapturedOutput output) throws Exception {
        HttpResponse<String> misdirected = send(port, "POST", "/internal/paxos/messages", TOKEN, "7:1");

        // past this check, to the replicas' identity check, as on the peer port
        assertThat(misdirected.statusCode()).as(misdirected.body()).isEqualTo(409);
        assertThat(output).contains("Replica 7 sends its protocol messages to this replica's API port " + port
                + ", not to its peer port " + PEER_PORT + ": its platform.replication.peer-urls differ");
    }

    @Test
    void shouldRefuseToStartWhenItsPeerPortIsTaken(@TempDir Path dataDir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            SpringApplicationBuilder participant = new SpringApplicationBuilder(ParticipantApplication.class)
                    .properties("platform.data-dir=" + dataDir, "platform.instance-id=participant-1",
                            "platform.cluster-token=" + TOKEN);

            // a replica that cannot hear its peers must not run (nor look ready) without them; arguments, because
            // default properties lose to application.yml
            assertThatThrownBy(() -> participant.run("--server.port=0",
                    "--platform.replication.members=http://127.0.0.1:1",
                    "--platform.replication.peer-urls=http://127.0.0.1:" + taken.getLocalPort()).close())
                    .hasStackTraceContaining("port " + taken.getLocalPort() + " failed to start");
        }
    }

    private HttpResponse<String> send(int to, String method, String path, String token)
            throws IOException, InterruptedException {
        return send(to, method, path, token, null);
    }

    private HttpResponse<String> send(int to, String method, String path, String token, String member)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + path))
                .method(method, BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        if (member != null) {
            request.header(PeerHeaders.MEMBER, member);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
