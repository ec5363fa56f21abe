package dev.distlab.coordinator.participant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.coordinator.participant.ParticipantClient.Failure;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import dev.distlab.coordinator.participant.Participants.Participant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Faults injected on the coordinator's calls to one participant make exactly those calls fail. */
class ParticipantClientFaultsTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final OutgoingFaults faults = new OutgoingFaults(registry);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger served = new AtomicInteger();
    private HttpServer one;
    private HttpServer two;
    private Participants participants;
    private ParticipantClient client;

    @BeforeEach
    void start() throws IOException {
        one = participant();
        two = participant();
        participants = Participants.parse(List.of("participant-1=" + url(one), "participant-2=" + url(two)));
        // as CoordinatorConfiguration does: the configured ids are the names faults target
        participants.all().forEach(p -> faults.name(p.url(), p.id()));
        client = new ParticipantClient("token", executor, faults);
    }

    @AfterEach
    void stop() {
        one.stop(0);
        two.stop(0);
        executor.shutdownNow();
    }

    @Test
    void shouldFailCallsToTheParticipantAFailFaultNamesOnly() {
        Participant p1 = participants.find("participant-1").orElseThrow();
        Participant p2 = participants.find("participant-2").orElseThrow();
        assertThat(client.account(p2, "a1", Duration.ofSeconds(5)).is(200)).isTrue();

        registry.add(FaultSpec.of("fail", "out", "participant-2", null, null, null, null, null));
        Reply refused = client.account(p2, "a1", Duration.ofSeconds(5));
        assertThat(refused.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(client.account(p1, "a1", Duration.ofSeconds(5)).is(200)).isTrue();
        assertThat(served).as("the refused call never left").hasValue(2);
    }

    @Test
    void shouldTimeOutCallsThatADropFaultSwallows() {
        Participant p2 = participants.find("participant-2").orElseThrow();
        registry.add(FaultSpec.of("drop", "out", "participant-2", "/internal/bank", null, null, null, null));
        Reply dropped = client.prepare(p2, "tx-1", new ParticipantClient.PrepareBody("coordinator-1",
                "http://127.0.0.1:1", "local", List.of("participant-2"), List.of(), "2030-01-01T00:00:00Z"),
                Duration.ofMillis(200)).join();
        assertThat(dropped.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(served).hasValue(0);
    }

    /** Without faults too: what the client tells apart comes from the HTTP client's own failures. */
    @Test
    void shouldTellAParticipantThatDoesNotAnswerInTimeFromOneThatCannotBeReached() throws IOException {
        CountDownLatch released = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/", exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Participants others = Participants.parse(List.of("participant-3=" + url(silent),
                "participant-4=http://127.0.0.1:" + closedPort));
        try {
            Reply late = client.account(others.find("participant-3").orElseThrow(), "a1", Duration.ofMillis(200));
            Reply refused = client.account(others.find("participant-4").orElseThrow(), "a1", Duration.ofSeconds(5));

            assertThat(late.failure()).isEqualTo(Failure.TIMEOUT);
            assertThat(refused.failure()).isEqualTo(Failure.UNREACHABLE);
            assertThat(refused.describe()).contains("could not connect");
        } finally {
            released.countDown();
            silent.stop(0);
        }
    }

    private HttpServer participant() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"id\":\"a1\",\"balance\":5}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
