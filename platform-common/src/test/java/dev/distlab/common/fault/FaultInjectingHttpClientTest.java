package dev.distlab.common.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The wrapper against a real local server: what reaches it and what the caller sees under each fault. */
class FaultInjectingHttpClientTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final OutgoingFaults faults = new OutgoingFaults(registry);
    private final AtomicInteger served = new AtomicInteger();
    private HttpServer server;
    private HttpClient client;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getResponseHeaders().add("X-Instance-Id", "peer-7");
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/internal/x");
        client = faults.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest request(Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    }

    @Test
    void shouldPassCallsThroughAndLearnTheInstanceIdWithoutFaults() throws Exception {
        assertThat(client.send(request(Duration.ofSeconds(5)), BodyHandlers.ofString()).body()).isEqualTo("ok");
        assertThat(faults.nameOf(uri)).isEqualTo("peer-7");
        assertThat(served).hasValue(1);
    }

    @Test
    void shouldTellWhetherAFaultInForceNamesACallWithoutFiringIt() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        assertThat(faults.targets(base, () -> {
            throw new AssertionError("the path is asked for while no fault is in force");
        })).as("no fault at all").isFalse();

        registry.add(FaultSpec.of("drop", "out", "*", "/internal/bank/transactions/t-1", 0.0, null, null, null));

        assertThat(faults.targets(base, () -> "/internal/bank/transactions/t-1/commit"))
                .as("named, though with probability 0 it never fires").isTrue();
        assertThat(faults.targets(base, () -> "/internal/bank/transactions/t-2/commit")).isFalse();
        assertThat(registry.active().get(0).fired()).as("asking fires nothing").isZero();
    }

    @Test
    void shouldRefuseAtOnceOnFailByLearntInstanceId() throws Exception {
        client.send(request(Duration.ofSeconds(5)), BodyHandlers.ofString());
        registry.add(FaultSpec.of("fail", "out", "peer-7", null, null, null, null, null));
        assertThatThrownBy(() -> client.send(request(Duration.ofSeconds(5)), BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("f-1");
        assertThatThrownBy(() -> client.sendAsync(request(Duration.ofSeconds(5)), BodyHandlers.ofString()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectException.class);
        assertThat(served).as("nothing reached the server after the fault").hasValue(1);
    }

    @Test
    void shouldHangUntilTheRequestTimeoutOnDropThenTimeOut() {
        registry.add(FaultSpec.of("drop", "out", "*", "/internal", null, null, null, 60_000L));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.send(request(Duration.ofMillis(200)), BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThatThrownBy(() -> client.sendAsync(request(Duration.ofMillis(100)), BodyHandlers.ofString()).join())
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(served).hasValue(0);
    }

    @Test
    void shouldLetADroppedCallGoOutWhenTheFaultEndsBeforeItsTimeout() throws Exception {
        registry.add(FaultSpec.of("drop", "out", "*", null, null, null, null, 150L));
        assertThat(client.send(request(Duration.ofSeconds(30)), BodyHandlers.ofString()).body()).isEqualTo("ok");
        assertThat(served).hasValue(1);
    }

    @Test
    void shouldDelayBeforeSending() throws Exception {
        registry.add(FaultSpec.of("delay", "out", "*", null, null, 150L, null, null));
        long start = System.nanoTime();
        assertThat(client.sendAsync(request(Duration.ofSeconds(5)), BodyHandlers.ofString()).join().body())
                .isEqualTo("ok");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(served).hasValue(1);
    }

    @Test
    void shouldLeaveOtherPathsAndTargetsAlone() throws Exception {
        registry.add(FaultSpec.of("fail", "out", "*", "/internal/paxos", null, null, null, null));
        registry.add(FaultSpec.of("fail", "out", "participant-9", null, null, null, null, null));
        assertThat(client.send(request(Duration.ofSeconds(5)), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldFailAConnectionUserAsATimeoutOnDrop() {
        registry.add(FaultSpec.of("drop", "out", "peer-7", null, null, null, null, null));
        assertThatThrownBy(() -> faults.beforeConnection(uri, "peer-7", Duration.ofMillis(50)))
                .isInstanceOf(SocketTimeoutException.class);
    }
}
