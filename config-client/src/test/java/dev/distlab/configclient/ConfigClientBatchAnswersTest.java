package dev.distlab.configclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * How the answers a batch's items can get, short of success, are read: each as its single call's answer would have
 * been, a 503 item as an unknown outcome; and a 200 that does not hold one result per write as unknown for all.
 * The store's batch endpoint is stood in for by canned answers.
 */
class ConfigClientBatchAnswersTest {

    private HttpServer server;
    private volatile String answer;
    private ConfigClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        client = ConfigClient.builder().replica("http://127.0.0.1:" + server.getAddress().getPort()).token("t")
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private static String result(String key, int status, String body) {
        return "{\"key\":\"" + key + "\",\"status\":" + status + ",\"revision\":7,\"body\":" + body + "}";
    }

    private static String problem(int status, String detail) {
        return "{\"type\":\"urn:problem:x\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private List<WriteResult> answered(List<Write> writes, String... results) {
        answer = "{\"results\":[" + String.join(",", results) + "]}";
        return client.writeAll(writes);
    }

    @Test
    void eachItemFailsAsItsSingleCallWouldHave() {
        List<WriteResult> results = answered(List.of(Write.putIfAbsent("a", "1"), Write.put("b", "2"),
                Write.put("c", "3"), Write.delete("d"), Write.put("e", "5")),
                result("a", 503, problem(503, "The config store cannot reach a majority")),
                result("b", 507, problem(507, "The config store is at its space quota")),
                result("c", 409, problem(409, "superseded by a newer request and not applied")),
                result("d", 204, "null"),
                result("e", 201, "{\"key\":\"e\",\"value\":\"5\",\"version\":1,\"createRevision\":7,"
                        + "\"modRevision\":7}"));

        assertThatThrownBy(() -> results.get(0).entry()).isInstanceOfSatisfying(OutcomeUnknownException.class,
                e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("may or may not have been applied");
        assertThatThrownBy(() -> results.get(1).entry()).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.status()).isEqualTo(507)).hasMessageContaining("space quota")
                .isNotInstanceOf(OutcomeUnknownException.class);
        assertThatThrownBy(() -> results.get(2).entry()).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        assertThat(results.get(3).deleted()).isTrue();
        assertThat(results.get(4).entry()).isEqualTo(new Entry("e", "5", 1, 7, 7));
        assertThatThrownBy(() -> results.get(4).deleted()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAnswerWithoutOneResultPerWriteLeavesEveryOutcomeUnknown() {
        List<Write> writes = List.of(Write.put("a", "1"), Write.put("b", "2"));
        String a = result("a", 201, "{\"key\":\"a\",\"value\":\"1\"}");
        for (String[] results : List.of(new String[] { a }, new String[] { a, result("x", 201, "{}") },
                new String[] { a, "{\"key\":\"b\"}" })) {
            assertThatThrownBy(() -> answered(writes, results)).isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("may or may not have been applied");
        }
        answer = "not json";
        assertThatThrownBy(() -> client.writeAll(writes)).isInstanceOf(OutcomeUnknownException.class);
    }
}
