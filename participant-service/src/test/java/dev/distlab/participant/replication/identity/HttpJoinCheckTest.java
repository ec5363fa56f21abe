package dev.distlab.participant.replication.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The join check over HTTP: what answering peers remember, and a bounded wait for the silent ones. */
class HttpJoinCheckTest {

    private static final String CLUSTER = ClusterId.of("join", 3);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.stop(0);
        }
    }

    private String peerAnswering(int status, String body) throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext(HttpJoinCheck.IDENTITY_PATH, exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst(PeerHeaders.CLUSTER));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        peer.start();
        return "http://127.0.0.1:" + peer.getAddress().getPort();
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void shouldReportWhatAnAnsweringPeerRemembersAndGiveUpOnASilentOneInBoundedTime() throws IOException {
        String remembering = peerAnswering(200, IdentityFile.format(
                new IdentityRecord(CLUSTER, 3, 500, false, Map.of(1, 400L, 2, 77L))));
        HttpJoinCheck check = new HttpJoinCheck(Map.of(1, closedPort(), 3, remembering), "secret", client,
                Duration.ofMillis(800));
        long start = System.nanoTime();
        Map<Integer, Long> answers = check.rememberedIncarnations(CLUSTER, 2);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answers).containsExactly(Map.entry(3, 77L));
        assertThat(tookMillis).as("retried the silent peer, then gave up").isBetween(500L, 3000L);
        assertThat(seen).first().isEqualTo("Bearer secret " + CLUSTER);
        assertThat(seen).hasSize(1); // an answer is final: no second question
    }

    @Test
    void shouldReturnAtOnceWhenEveryPeerHasAnswered() throws IOException {
        String forgetful = peerAnswering(200, IdentityFile.format(new IdentityRecord(CLUSTER, 1, 5, false, Map.of())));
        HttpJoinCheck check = new HttpJoinCheck(Map.of(1, forgetful), "secret", client, Duration.ofSeconds(30));
        long start = System.nanoTime();
        assertThat(check.rememberedIncarnations(CLUSTER, 2)).containsExactly(Map.entry(1, 0L));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldCountAPeerOfAnotherClusterAsRememberingNothing() throws IOException {
        String other = peerAnswering(409, "{\"detail\":\"this replica belongs to cluster x\"}");
        HttpJoinCheck check = new HttpJoinCheck(Map.of(1, other), "secret", client, Duration.ofSeconds(30));
        assertThat(check.rememberedIncarnations(CLUSTER, 2)).containsExactly(Map.entry(1, 0L));
    }
}
