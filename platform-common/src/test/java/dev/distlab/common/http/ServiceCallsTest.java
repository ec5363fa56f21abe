package dev.distlab.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.OutgoingFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What a caller of {@link ServiceCalls} can count on from the client itself, against real local callees. */
class ServiceCallsTest {

    private final ServiceCalls calls = new ServiceCalls(RestClient.builder(),
            new OutgoingFaults(new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry())),
            Duration.ofSeconds(1));
    private final CountDownLatch released = new CountDownLatch(1);
    private Callee callee;

    @BeforeEach
    void start() throws IOException {
        callee = new Callee();
    }

    @AfterEach
    void stop() {
        released.countDown();
        callee.close();
    }

    private RestClient client() {
        return calls.within(Duration.ofSeconds(5));
    }

    @Test
    void shouldSendCallsOneAfterAnotherOnOneKeptAliveConnection() {
        for (int i = 0; i < 3; i++) {
            assertThat(client().post().uri(callee.uri("/internal/x")).contentType(MediaType.APPLICATION_JSON)
                    .body("{\"n\":" + i + "}").retrieve().body(String.class)).isEqualTo("ok");
        }
        assertThat(callee.requests).hasSize(3);
        assertThat(callee.requests.stream().map(request -> request.split(" ")[2]).distinct())
                .as("the client's ports: one connection").hasSize(1);
    }

    @Test
    void shouldNotFollowARedirect() {
        callee.answer(exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
        });
        HttpStatusCode status = client().get().uri(callee.uri("/internal/x"))
                .exchange((request, response) -> response.getStatusCode());
        assertThat(status.value()).isEqualTo(302);
        assertThat(callee.requests).hasSize(1);
    }

    @Test
    void shouldNotSendACallAgainWhoseConnectionBrokeBeforeTheAnswer() throws Exception {
        AtomicInteger received = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread closer = new Thread(() -> closeEveryConnectionAfterItsRequest(server, received));
            closer.setDaemon(true);
            closer.start();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/internal/x");

            ResourceAccessException broken = catchThrowableOfType(ResourceAccessException.class,
                    () -> client().get().uri(uri).retrieve().toBodilessEntity());

            assertThat(ServiceCalls.cause(broken)).isNotInstanceOf(HttpTimeoutException.class)
                    .isNotInstanceOf(ConnectException.class);
            assertThat(received).as("a GET, which a retrying client would send again").hasValue(1);
        }
    }

    /** Reads each request's head and closes the connection without an answer, until the socket is closed. */
    private static void closeEveryConnectionAfterItsRequest(ServerSocket server, AtomicInteger received) {
        while (!server.isClosed()) {
            try (Socket connection = server.accept(); InputStream in = connection.getInputStream()) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                received.incrementAndGet();
            } catch (IOException e) {
                return; // the server socket was closed: the test is over
            }
        }
    }

    @Test
    void shouldFailACallThatGetsNoAnswerInTimeAsATimeout() {
        callee.answer(exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ResourceAccessException late = catchThrowableOfType(ResourceAccessException.class,
                () -> calls.within(Duration.ofMillis(100)).get().uri(callee.uri("/internal/x")).retrieve()
                        .toBodilessEntity());
        assertThat(ServiceCalls.cause(late)).isInstanceOf(HttpTimeoutException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void shouldFailACallToAClosedPortAsRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ResourceAccessException refused = catchThrowableOfType(ResourceAccessException.class,
                () -> client().get().uri(URI.create("http://127.0.0.1:" + port + "/internal/x")).retrieve()
                        .toBodilessEntity());
        assertThat(ServiceCalls.cause(refused)).isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldTellAConnectionNotMadeInTimeFromAnAnswerNotGivenInTime() {
        Function<IOException, IOException> cause = io -> ServiceCalls.cause(new ResourceAccessException("x", io));
        assertThat(cause.apply(new ConnectTimeoutException("connect timed out")))
                .isInstanceOf(HttpConnectTimeoutException.class);
        assertThat(cause.apply(new ConnectionRequestTimeoutException("no connection free in the pool")))
                .isInstanceOf(HttpConnectTimeoutException.class);
        assertThat(cause.apply(new SocketTimeoutException("read timed out")))
                .isInstanceOf(HttpTimeoutException.class).isNotInstanceOf(HttpConnectTimeoutException.class);
        IOException other = new IOException("reset");
        assertThat(cause.apply(other)).isSameAs(other);
        assertThat(ServiceCalls.cause(new ResourceAccessException("x"))).hasMessage("x");
    }
}
