package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.distlab.common.fault.Fault;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.message.Heartbeat;

/** An injected fault on Paxos traffic to a named replica keeps this replica's message batches from reaching it. */
class PeerTransportFaultsTest {

    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final FaultRegistry registry = NoFaults.registry();
    private final OutgoingFaults faults = new OutgoingFaults(registry);
    private HttpServer peer;
    private String url;

    @BeforeEach
    void startPeer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/internal/paxos/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("X-Instance-Id", "participant-2");
            exchange.sendResponseHeaders(204, -1);
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
    void shouldKeepMessagesFromAReplicaThatAFailFaultNamesAndSendThemAgainOnceCleared() throws Exception {
        PeerTransport transport = new PeerTransport(Map.of(2, url), "token", Map.of(), faults);
        transport.start();
        try {
            transport.send(List.of(heartbeat()));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("/internal/paxos/messages");
            // learnt from the answer, which the sender reads just after the peer saw the request
            awaitUntil(() -> faults.nameOf(URI.create(url)) != null);
            assertThat(faults.nameOf(URI.create(url))).isEqualTo("participant-2");

            Fault fault = registry.add(FaultSpec.of("fail", "out", "participant-2", "/internal/paxos", null, null,
                    null, null));
            transport.send(List.of(heartbeat()));
            awaitUntil(() -> fault.fired() > 0);
            assertThat(fault.fired()).isPositive();
            assertThat(received).as("nothing reached the replica while the fault fired").isEmpty();

            registry.clearAll();
            transport.send(List.of(heartbeat()));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("/internal/paxos/messages");
        } finally {
            transport.stop();
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Heartbeat heartbeat() {
        return new Heartbeat(1, 2, new Ballot(1, 1), 0, 1, 0);
    }
}
