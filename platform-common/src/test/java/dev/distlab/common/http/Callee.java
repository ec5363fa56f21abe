package dev.distlab.common.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local service that answers every request {@code 200 ok}, naming itself {@code peer-7} as the platform's services
 * do, unless a test gives it another answer; it records what reached it.
 */
final class Callee implements AutoCloseable {

    /** An answer to one exchange, given instead of the usual one. */
    interface Answer {
        void give(HttpExchange exchange) throws IOException;
    }

    static final String INSTANCE_ID = "peer-7";

    /** Each request that reached it: its method, path and the client's port (one port per connection). */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Answer answer = Callee::ok;

    Callee() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRemoteAddress().getPort());
                exchange.getRequestBody().readAllBytes();
                answer.give(exchange);
            }
        });
        server.start();
    }

    void answer(Answer answer) {
        this.answer = answer;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static void ok(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("X-Instance-Id", INSTANCE_ID);
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
