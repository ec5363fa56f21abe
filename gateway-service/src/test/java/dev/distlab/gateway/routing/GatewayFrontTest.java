package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;

/** The event-loop front itself: what a client can do to a connection, and what it must get back. */
class GatewayFrontTest extends GatewayTestBase {

    @Value("${local.gateway.own-endpoints.port}")
    int ownEndpointsPort;

    @Test
    void shouldRelayALargeChunkedAnswerWholeToAClientThatReadsSlowly() throws Exception {
        int size = 8 * 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/node?bigBody=" + size + " HTTP/1.1\r\nHost: gw\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(500); // the gateway must hold back the upstream, not buffer the whole answer for us
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
                    .containsIgnoringCase("x-instance-id: participant-");
            byte[] body = readChunked(in);
            assertThat(body).hasSize(size);
            for (int i = 0; i < size; i += 4099) {
                assertThat(body[i]).as("byte %d", i).isEqualTo((byte) (i % 251));
            }
        }
        assertThat(health(PARTICIPANTS)).doesNotContainValue(false);
    }

    @Test
    void shouldAnswerPipelinedRequestsInTheOrderTheyCame() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String pipelined = "GET /api/node?delayMillis=300 HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /api/gateway/routes HTTP/1.1\r\nHost: gw\r\n\r\n"
                    + "GET /api/accounts HTTP/1.1\r\nHost: gw\r\n\r\n";
            socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            List<String> answeredBy = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200");
                answeredBy.add(header(head, "X-Instance-Id"));
                in.readNBytes(Integer.parseInt(header(head, "Content-Length")));
            }
            assertThat(answeredBy.get(0)).startsWith("participant-");
            assertThat(answeredBy.get(1)).isEqualTo("gateway");
            assertThat(answeredBy.get(2)).startsWith("coordinator-");
        }
    }

    @Test
    void shouldAnswerAnUnparseableRequestWith400AndClose() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/node HTTP/1.1\r\nHost gw\r\nBroken\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("X-Instance-Id: gateway");
        }
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    /**
     * A client that sends its whole oversized body before it reads the answer (the JDK's HttpClient does) gets the
     * 413 although the gateway answers and closes while the body still comes.
     */
    @Test
    void shouldLetAClientThatKeepsSendingAnOversizedBodyReadThe413() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url("/api/config/big")))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[8 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(TestUpstreams.all()).allSatisfy(u -> assertThat(u.requests()).as(u.id()).isEmpty());
    }

    /**
     * The same, many times over, a few clients at once, on a routed path and on one of the gateway's own: every
     * one gets its 413. (Closing at once with the body still arriving made the kernel reset the connection, and
     * a reset can discard the 413 the client had not read yet: "header parser received no bytes", now and then.)
     */
    @Test
    void shouldAnswer413ToEveryOversizedBodyWhileItStillArrives() throws Exception {
        String huge = "{\"policy\":\"" + "w".repeat(1024 * 1024 + 1) + "\"}";
        List<java.util.concurrent.Callable<Integer>> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String path = i % 2 == 0 ? "/api/config/big" : "/api/gateway/balancers/participant-service";
            clients.add(() -> send("PUT", path, huge, TOKEN).statusCode());
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (var answer : pool.invokeAll(clients)) {
                assertThat(answer.get()).isEqualTo(413);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLetGoOfTheUpstreamWhenTheClientGoesAwayAndKeepServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/node?delayMillis=1000 HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
        } // gone before the answer
        Thread.sleep(1_200);
        assertThat(health(PARTICIPANTS)).as("the client's going is not the instance's failure")
                .doesNotContainValue(false);
        assertThat(hit("/api/node", 6)).hasSize(3);
    }

    @Test
    void shouldSendABodyThatWaitedFor100Continue() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url("/api/config/k")))
                .expectContinue(true).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String answeredBy = instanceId(response);
        assertThat(TestUpstreams.PARTICIPANTS.stream().filter(u -> u.id().equals(answeredBy)).findFirst()
                .orElseThrow().requests()).singleElement().satisfies(r -> {
                    assertThat(r.body()).isEqualTo("{\"value\":\"v\"}");
                    assertThat(r.header("Expect")).as("Expect is for the hop that answered it").isNull();
                });
    }

    @Test
    void shouldServeItsOwnEndpointsOnlyBehindTheFrontOnLoopback() {
        assertThat(ownEndpointsPort).isNotEqualTo(port).isPositive();
        assertThat(get("/api/gateway/routes").statusCode()).isEqualTo(200);
        assertThat(instanceId(get("/actuator/health"))).isEqualTo("gateway");
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the head: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed in a chunk size");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }
}
