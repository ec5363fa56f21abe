package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.distlab.participant.replication.identity.PeerRefusals;
import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.message.Heartbeat;

/** Every peer request carries this replica's identity, and a refusal reaches the sender in words. */
class PeerIdentityHeadersTest {

    private static final Map<String, String> IDENTITY = Map.of("X-Paxos-Cluster", "c0ffee", "X-Paxos-Member", "1:42");

    private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private HttpServer peer;
    private String url;

    @BeforeEach
    void startPeer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/internal/paxos/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("X-Paxos-Cluster")
                    + " " + exchange.getRequestHeaders().getFirst("X-Paxos-Member"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"detail\":\"a request of cluster c0ffee, refused\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(409, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        peer.start();
        url = "http://127.0.0.1:" + peer.getAddress().getPort();
    }

    @AfterEach
    void stopPeer() {
        peer.stop(0);
    }

    @Test
    void shouldSendTheIdentityWithEveryMessageBatch() throws InterruptedException {
        PeerTransport transport = new PeerTransport(Map.of(2, url), "token", IDENTITY, NoFaults.hook());
        transport.start();
        try {
            transport.send(List.of(new Heartbeat(1, 2, new Ballot(1, 1), 0, 1, 0)));
            assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("/internal/paxos/messages c0ffee 1:42");
        } finally {
            transport.stop();
        }
    }

    @Test
    void shouldSendTheIdentityWithReadIndexAndProposalsAndReportARefusalInWords() throws InterruptedException {
        LeaderClient leader = new LeaderClient(Map.of(2, url), "token", IDENTITY, NoFaults.hook());
        try {
            assertThatThrownBy(() -> leader.readIndex(2).join()).isInstanceOf(CompletionException.class)
                    .hasMessageContaining("replica 2 refused this replica: a request of cluster c0ffee, refused");
            assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("/internal/paxos/read-index c0ffee 1:42");
            assertThatThrownBy(() -> leader.propose(2, new Command(
                    new CommandId("c", 1), new byte[] { 1 })).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("refused this replica");
            assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("/internal/paxos/propose c0ffee 1:42");
        } finally {
            leader.stop();
        }
    }

    @Test
    void shouldReadTheReasonOutOfAProblem() {
        assertThat(PeerRefusals.describe(
                "{\"type\":\"urn:problem:conflict\",\"detail\":\"member \\\"4\\\" refused\",\"status\":409}"))
                .isEqualTo("member \"4\" refused");
        assertThat(PeerRefusals.describe("")).isEqualTo("(no reason given)");
    }
}
