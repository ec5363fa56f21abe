package dev.distlab.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a participant or coordinator instance on 127.0.0.1: answers every request with 200 (or
 * the status given in the {@code status} query parameter), an {@code X-Instance-Id} header and a JSON body
 * naming itself, after {@code delayMillis} if given, or with {@code breakBody=N} its headers and the first N bytes of
 * a longer body before the connection closes; serves {@code /actuator/health/readiness} (200, or 503 while not ready); records every
 * other request. It can be stopped (connections are then refused) and started again on the same port, or told to
 * hang up: read and record each request, then close the connection without answering, as an instance that
 * dies while handling a request does. A test can give it an answer of its own for a path ({@link #answer}).
 */
public final class FakeUpstream {

    public record Recorded(String method, String uri, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final String id;
    private int port;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile boolean ready = true;
    private volatile boolean hangUp;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    private FakeUpstream(String id, int port) {
        this.id = id;
        this.port = port;
    }

    public static FakeUpstream start(String id) {
        FakeUpstream upstream = new FakeUpstream(id, 0);
        upstream.bind(0);
        upstream.port = upstream.server.getAddress().getPort();
        return upstream;
    }

    private void bind(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, id + "-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Stops listening and closes every connection: new connections are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            bind(port);
        }
    }

    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** Whether to close the connection after reading each request, without answering it. */
    public void hangUp(boolean hangUp) {
        this.hangUp = hangUp;
    }

    /** From now on, answers every request for {@code path} (the query aside) with 200 and this JSON body. */
    public void answer(String path, String json) {
        answers.put(path, json);
    }

    /** Back to the usual answer for every path. */
    public void forgetAnswers() {
        answers.clear();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/actuator/health/readiness")) {
                respond(exchange, ready ? 200 : 503, "application/json",
                        "{\"status\":\"" + (ready ? "UP" : "OUT_OF_SERVICE") + "\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
            if (hangUp) {
                return; // closing the exchange before any response headers closes the connection: no answer
            }
            String answer = answers.get(path);
            if (answer != null) {
                respond(exchange, 200, "application/json", answer);
                return;
            }
            int status = 200;
            int breakBody = -1;
            int bigBody = -1;
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String param : query.split("&")) {
                    if (param.startsWith("status=")) {
                        status = Integer.parseInt(param.substring("status=".length()));
                    }
                    if (param.startsWith("breakBody=")) {
                        breakBody = Integer.parseInt(param.substring("breakBody=".length()));
                    }
                    if (param.startsWith("bigBody=")) {
                        bigBody = Integer.parseInt(param.substring("bigBody=".length()));
                    }
                    if (param.startsWith("delayMillis=")) {
                        sleep(Long.parseLong(param.substring("delayMillis=".length())));
                    }
                }
            }
            String contentType = status >= 400 ? "application/problem+json" : "application/json";
            if (breakBody >= 0) {
                // promises more bytes than it sends: closing the short body closes the connection mid-answer
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status, breakBody + 1000);
                exchange.getResponseBody().write(new byte[breakBody]);
                exchange.getResponseBody().flush();
                return;
            }
            if (bigBody >= 0) {
                // a chunked answer of that many bytes, byte i being (i % 251), written in pieces
                exchange.getResponseHeaders().set("X-Instance-Id", id);
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] piece = new byte[65536];
                    for (int sent = 0; sent < bigBody; sent += piece.length) {
                        int length = Math.min(piece.length, bigBody - sent);
                        for (int i = 0; i < length; i++) {
                            piece[i] = (byte) ((sent + i) % 251);
                        }
                        out.write(piece, 0, length);
                    }
                }
                return;
            }
            respond(exchange, status, contentType, "{\"id\":\"" + id + "\",\"method\":\""
                    + exchange.getRequestMethod() + "\",\"status\":" + status + "}");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respond(HttpExchange exchange, int status, String contentType, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Instance-Id", id);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
