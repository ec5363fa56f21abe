package dev.distlab.configclient.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.configclient.ConfigKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory stand-in for one config store replica on 127.0.0.1: just enough of {@code /api/config} and
 * {@code /api/watch} (entries with version and revisions, If-Match / If-None-Match, prefix lists, watch with
 * long-poll and 410 after {@link #compact()}), and {@code POST /internal/config/batch} (cluster token required, 401
 * without), plus fault injection: scripted answers for the next requests
 * ({@link #failNext}), a whole-store outage ({@link #available(boolean)}), and a record of every request.
 * Like a real replica it refuses a PUT or DELETE of a reserved key ({@link ConfigKeys#RESERVED_PREFIXES}) with 403
 * unless the request carries {@code Authorization: Bearer <the token it was started with>}, so a test of a
 * service that writes such keys proves the service sends the cluster token ({@link #start()}: no token, every
 * such write refused; the test's own {@link #put}/{@link #delete} calls are not requests and are not checked).
 * Not a real replica: no consistency levels, no body validation beyond what tests need.
 */
public final class FakeConfigStore implements AutoCloseable {

    /** A request as received. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
    }

    /** A scripted answer for the next matching request: a status, or a delay before handling it normally. */
    private record Fault(String method, int status, long delayMillis, boolean applyFirst) {
    }

    private record StoredEntry(String key, String value, long version, long createRevision, long modRevision) {
    }

    private record Event(String type, String key, String value, long modRevision) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The store's internal batch endpoint: several writes, each answered as its single request. */
    public static final String BATCH_PATH = "/internal/config/batch";

    private final HttpServer server;
    /** {@code Bearer <cluster token>} that reserved writes need; null: refuse them all. */
    private final String expectedAuthorization;
    private final ExecutorService executor;
    private final TreeMap<String, StoredEntry> entries = new TreeMap<>();
    private final List<Event> history = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private long revision;
    private long compactRevision;
    private volatile boolean available = true;

    private FakeConfigStore(String clusterToken) {
        expectedAuthorization = clusterToken == null || clusterToken.isBlank() ? null : "Bearer " + clusterToken;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-config-store");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A store with no cluster token: it refuses every write of a reserved key, as a participant without one. */
    public static FakeConfigStore start() {
        return new FakeConfigStore(null);
    }

    /** A store whose reserved keys are written only with {@code Authorization: Bearer <clusterToken>}. */
    public static FakeConfigStore start(String clusterToken) {
        return new FakeConfigStore(clusterToken);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create(url());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- test controls -----------------------------------------------------------------------------------------

    /** While false every request is answered 503 (no majority), and nothing changes. */
    public void available(boolean available) {
        this.available = available;
    }

    /** The next {@code times} requests of {@code method} (null: any) are answered {@code status}, unapplied. */
    public synchronized void failNext(String method, int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(method, status, 0, false));
        }
    }

    /** The next request of {@code method} is applied, then answered only after {@code millis}. */
    public synchronized void delayNext(String method, long millis) {
        faults.add(new Fault(method, 0, millis, true));
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Writes directly, as another client would. Returns the new modRevision. */
    public synchronized long put(String key, String value) {
        StoredEntry old = entries.get(key);
        long rev = ++revision;
        StoredEntry e = old == null ? new StoredEntry(key, value, 1, rev, rev)
                : new StoredEntry(key, value, old.version() + 1, old.createRevision(), rev);
        entries.put(key, e);
        history.add(new Event("PUT", key, value, rev));
        notifyAll();
        return rev;
    }

    public synchronized boolean delete(String key) {
        if (entries.remove(key) == null) {
            return false;
        }
        long rev = ++revision;
        history.add(new Event("DELETE", key, null, rev));
        notifyAll();
        return true;
    }

    public synchronized String value(String key) {
        StoredEntry e = entries.get(key);
        return e == null ? null : e.value();
    }

    public synchronized long modRevision(String key) {
        StoredEntry e = entries.get(key);
        return e == null ? 0 : e.modRevision();
    }

    public synchronized long revision() {
        return revision;
    }

    /** Forgets all history: a watch from an older revision gets 410. */
    public synchronized void compact() {
        compactRevision = revision;
        history.clear();
    }

    /** Writes and then compacts, atomically: a watcher waiting for this write gets 410 instead of it. */
    public synchronized long putAndCompact(String key, String value) {
        long rev = put(key, value);
        compact();
        return rev;
    }

    /** Drops every entry and all history; keeps counting revisions. */
    public synchronized void reset() {
        entries.clear();
        history.clear();
        compactRevision = revision;
        faults.clear();
        requests.clear();
        available = true;
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            requests.add(new Recorded(method, path, query, headers, new String(bytes, StandardCharsets.UTF_8)));
            Fault fault = takeFault(method);
            if (fault != null && !fault.applyFirst()) {
                problem(exchange, fault.status(), "injected " + fault.status(), null);
                return;
            }
            if (!available) {
                problem(exchange, 503, "The config store cannot reach a majority of replicas right now", null);
                return;
            }
            Answer answer;
            try {
                answer = answer(method, path, params(query), headers, new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                answer = new Answer(400, problemBody(400, "bad request: " + e.getMessage(), null), null);
            }
            if (fault != null && fault.delayMillis() > 0) {
                try {
                    Thread.sleep(fault.delayMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            send(exchange, answer);
        }
    }

    private synchronized Fault takeFault(String method) {
        for (var it = faults.iterator(); it.hasNext();) {
            Fault f = it.next();
            if (f.method() == null || f.method().equals(method)) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private record Answer(int status, ObjectNode body, String etag) {
    }

    private Answer answer(String method, String path, Map<String, String> params, Map<String, String> headers,
            String body) {
        if (path.equals("/api/watch") && method.equals("GET")) {
            return watch(params.getOrDefault("prefix", ""), Long.parseLong(params.getOrDefault("afterRevision", "-1")),
                    Long.parseLong(params.getOrDefault("timeout", "30")));
        }
        if (path.equals("/api/config") && method.equals("GET")) {
            return list(params.getOrDefault("prefix", ""));
        }
        if (path.equals(BATCH_PATH) && method.equals("POST")) {
            if (expectedAuthorization == null || !expectedAuthorization.equals(headers.get("authorization"))) {
                return new Answer(401, problemBody(401, "This endpoint needs the cluster token", null), null);
            }
            return batch(JSON.readTree(body).get("items"));
        }
        if (path.startsWith("/api/config/")) {
            String key = path.substring("/api/config/".length());
            String reserved = ConfigKeys.reservedPrefix(key);
            if (reserved != null && (method.equals("PUT") || method.equals("DELETE"))
                    && (expectedAuthorization == null || !expectedAuthorization.equals(headers.get("authorization")))) {
                return new Answer(403, problemBody(403, "Key '" + key + "' is under the reserved prefix '" + reserved
                        + "': writing it needs the cluster token (Authorization: Bearer <token>)", null), null);
            }
            switch (method) {
                case "GET":
                    return get(key);
                case "PUT":
                    JsonNode value = JSON.readTree(body).get("value");
                    if (value == null || !value.isString()) {
                        return new Answer(400, problemBody(400, "Field 'value' is required and must be a JSON string",
                                null), null);
                    }
                    return put(key, value.asString(), headers.get("if-match"), headers.get("if-none-match"));
                case "DELETE":
                    return delete(key, headers.get("if-match"));
                default:
                    break;
            }
        }
        return new Answer(404, problemBody(404, "no such path " + path, null), null);
    }

    private synchronized Answer get(String key) {
        StoredEntry e = entries.get(key);
        if (e == null) {
            return new Answer(404, problemBody(404, "No config entry '" + key + "'", null), null);
        }
        return new Answer(200, entryJson(e), "\"" + e.modRevision() + "\"");
    }

    private synchronized Answer list(String prefix) {
        ObjectNode root = JSON.createObjectNode();
        root.put("revision", revision);
        ArrayNode array = root.putArray("entries");
        entries.tailMap(prefix, true).values().stream().takeWhile(e -> e.key().startsWith(prefix))
                .forEach(e -> array.add(entryJson(e)));
        return new Answer(200, root, null);
    }

    private synchronized Answer put(String key, String value, String ifMatch, String ifNoneMatch) {
        StoredEntry old = entries.get(key);
        if (ifNoneMatch != null && old != null) {
            return preconditionFailed(key, old);
        }
        if (ifMatch != null && (old == null || !ifMatch.equals("\"" + old.modRevision() + "\""))) {
            return preconditionFailed(key, old);
        }
        put(key, value);
        StoredEntry e = entries.get(key);
        return new Answer(old == null ? 201 : 200, entryJson(e), "\"" + e.modRevision() + "\"");
    }

    private synchronized Answer delete(String key, String ifMatch) {
        StoredEntry old = entries.get(key);
        if (ifMatch != null && (old == null || !ifMatch.equals("\"" + old.modRevision() + "\""))) {
            return preconditionFailed(key, old);
        }
        if (old == null) {
            return new Answer(404, problemBody(404, "No config entry '" + key + "'", null), null);
        }
        delete(key);
        return new Answer(204, null, null);
    }

    /**
     * The writes of a batch, in order, each answered as its single request; refused whole (400, nothing written) if
     * it is not 1 to 256 writes with valid keys.
     */
    private synchronized Answer batch(JsonNode items) {
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > 256) {
            return new Answer(400, problemBody(400, "items: is required: 1 to 256 writes", null), null);
        }
        for (JsonNode item : items) {
            String key = item.path("key").asString("");
            String method = item.path("method").asString("");
            if (ConfigKeys.keyProblem(key) != null || !(method.equals("PUT") || method.equals("DELETE"))) {
                return new Answer(400, problemBody(400, "invalid item " + item, null), null);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (JsonNode item : items) {
            String key = item.path("key").asString();
            String ifMatch = item.has("ifMatch") ? "\"" + item.get("ifMatch").asLong() + "\"" : null;
            Answer answer = item.path("method").asString().equals("PUT")
                    ? put(key, item.path("value").asString(), ifMatch, item.path("ifNoneMatch").asString(null))
                    : delete(key, ifMatch);
            ObjectNode result = results.addObject();
            result.put("key", key);
            result.put("status", answer.status());
            result.put("revision", revision);
            result.set("body", answer.body());
        }
        return new Answer(200, root, null);
    }

    private synchronized Answer watch(String prefix, long after, long timeoutSeconds) {
        long start = after < 0 ? revision : after;
        if (start < compactRevision) {
            return new Answer(410, problemBody(410, "History after revision " + start + " was compacted",
                    Map.of("compactRevision", compactRevision, "revision", revision)), null);
        }
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
        while (true) {
            if (start < compactRevision) {
                return new Answer(410, problemBody(410, "History after revision " + start + " was compacted",
                        Map.of("compactRevision", compactRevision, "revision", revision)), null);
            }
            List<Event> events = history.stream().filter(e -> e.modRevision() > start && e.key().startsWith(prefix))
                    .toList();
            long left = deadline - System.currentTimeMillis();
            if (!events.isEmpty() || left <= 0) {
                ObjectNode root = JSON.createObjectNode();
                root.put("revision", revision);
                ArrayNode array = root.putArray("events");
                for (Event e : events) {
                    ObjectNode node = array.addObject();
                    node.put("type", e.type());
                    node.put("key", e.key());
                    node.put("value", e.value());
                    node.put("modRevision", e.modRevision());
                }
                return new Answer(200, root, null);
            }
            try {
                wait(Math.min(left, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private Answer preconditionFailed(String key, StoredEntry current) {
        Map<String, Object> extra = current == null ? Map.of() : Map.of("modRevision", current.modRevision());
        return new Answer(412, problemBody(412, "Precondition failed for '" + key + "'", extra),
                current == null ? null : "\"" + current.modRevision() + "\"");
    }

    private static ObjectNode entryJson(StoredEntry e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", e.key());
        node.put("value", e.value());
        node.put("version", e.version());
        node.put("createRevision", e.createRevision());
        node.put("modRevision", e.modRevision());
        return node;
    }

    private static ObjectNode problemBody(int status, String detail, Map<String, Object> extra) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "about:blank");
        node.put("title", "status " + status);
        node.put("status", status);
        node.put("detail", detail);
        if (extra != null) {
            extra.forEach((k, v) -> node.put(k, ((Number) v).longValue()));
        }
        return node;
    }

    private void problem(HttpExchange exchange, int status, String detail, Map<String, Object> extra)
            throws IOException {
        send(exchange, new Answer(status, problemBody(status, detail, extra), null));
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.etag() != null) {
            exchange.getResponseHeaders().set("ETag", answer.etag());
        }
        exchange.getResponseHeaders().set("X-Instance-Id", "fake-store");
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] out = JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type",
                answer.status() >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
