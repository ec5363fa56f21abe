package dev.distlab.coordinator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.configclient.fake.FakeConfigStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory participant on 127.0.0.1 that implements BANK.md's internal bank endpoints (accounts, prepare with
 * locks and balance checks, commit, abort with tombstones, snapshots), with controls for the votes, delays and
 * failures a test needs. It also passes {@code /api/config}, {@code /api/watch} and the store's batch endpoint on to
 * a {@link FakeConfigStore}, as a real participant serves its store replica.
 */
public final class FakeParticipant implements AutoCloseable {

    /** One request as received: method and path. */
    public record Request(String method, String path) {
    }

    /** This participant's branch of one transaction. */
    public static final class Branch {
        public volatile String state;
        public final String vote;
        public final String reason;
        public final Map<String, Long> deltas;
        public final JsonNode body;

        Branch(String state, String vote, String reason, Map<String, Long> deltas, JsonNode body) {
            this.state = state;
            this.vote = vote;
            this.reason = reason;
            this.deltas = deltas;
            this.body = body;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String id;
    private final String token;
    private final String storeUrl;
    private final HttpClient proxy = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-participant");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> accounts = new TreeMap<>();
    private final Map<String, Branch> branches = new ConcurrentHashMap<>();
    private final Map<String, String> locks = new TreeMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final int port;
    private HttpServer server;

    // controls
    private volatile String scriptedNo;
    private volatile long prepareDelayMillis;
    private volatile int prepareStatus;
    private final AtomicInteger phaseTwoFailures = new AtomicInteger();
    private final AtomicInteger freezeFailures = new AtomicInteger();
    private final AtomicInteger lapsedReleases = new AtomicInteger();
    /** Bank requests being handled now (a delayed prepare of an earlier test, say): {@link #reset} waits for them. */
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile Consumer<String> onPrepare = txId -> { };

    public FakeParticipant(String id, String token, String storeUrl) {
        this.id = id;
        this.token = token;
        this.storeUrl = storeUrl;
        this.server = bind(0);
        this.port = server.getAddress().getPort();
        server.start();
    }

    public String id() {
        return id;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code id=url}, as {@code platform.bank.participants} names it. */
    public String spec() {
        return id + "=" + url();
    }

    // ---- controls -----------------------------------------------------------------------------------------------

    /** Every prepare from now on votes NO with this reason (null: vote normally). */
    public void voteNo(String reason) {
        this.scriptedNo = reason;
    }

    /** Every prepare from now on waits this long before it answers. */
    public void delayPrepares(Duration delay) {
        this.prepareDelayMillis = delay.toMillis();
    }

    /** Every prepare from now on is answered with this HTTP status and no vote (0: normally). */
    public void failPrepares(int status) {
        this.prepareStatus = status;
    }

    /** The next {@code n} commit or abort calls are answered 503 without being applied. */
    public void failPhaseTwo(int n) {
        phaseTwoFailures.set(n);
    }

    /** The next {@code n} freezes are answered 503. */
    public void failFreezes(int n) {
        freezeFailures.set(n);
    }

    /** The next {@code n} releases report that the freeze had lapsed. */
    public void lapseReleases(int n) {
        lapsedReleases.set(n);
    }

    /** Runs after a prepare is received (with its transaction id), before it is handled. */
    public void onPrepare(Consumer<String> hook) {
        this.onPrepare = hook;
    }

    /** Stops listening: connections are refused until {@link #up()}. State is kept. */
    public synchronized void down() {
        server.stop(0);
    }

    public synchronized void up() {
        server = bind(port);
        server.start();
    }

    /**
     * Forgets everything, once no bank request is being handled: a prepare still sleeping in {@link #delayPrepares}
     * would otherwise lock an account of the next test after this reset (a CONFLICT vote there).
     */
    public void reset() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inProgress.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(id + " still handles " + inProgress.get() + " request(s) after 10 s");
            }
            sleep(5);
        }
        synchronized (this) {
            accounts.clear();
            locks.clear();
        }
        branches.clear();
        requests.clear();
        batches.clear();
        scriptedNo = null;
        prepareDelayMillis = 0;
        prepareStatus = 0;
        phaseTwoFailures.set(0);
        freezeFailures.set(0);
        lapsedReleases.set(0);
        onPrepare = txId -> { };
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    public synchronized void putAccount(String account, long balance) {
        accounts.put(account, balance);
    }

    public synchronized Long balance(String account) {
        return accounts.get(account);
    }

    public Branch branch(String txId) {
        return branches.get(txId);
    }

    public String state(String txId) {
        Branch b = branches.get(txId);
        return b == null ? null : b.state;
    }

    /** The branch is gone, as on a participant whose disk lost it (a restore, a disk that lied); its locks too. */
    public synchronized void loseBranch(String txId) {
        branches.remove(txId);
        unlock(txId);
    }

    /** The branch ended as {@code state} here without the coordinator (a participant that decided by itself). */
    public synchronized void endBranch(String txId, String state) {
        branches.get(txId).state = state;
        unlock(txId);
    }

    public synchronized Map<String, String> locks() {
        return Map.copyOf(locks);
    }

    /** Requests to the bank endpoints (not the store's), in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String method, String pathSuffix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix)).count();
    }

    /** Transaction ids of the prepares received, in order. */
    public List<String> prepared() {
        List<String> ids = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().endsWith("/prepare")) {
                ids.add(r.path().split("/")[4]);
            }
        }
        return ids;
    }

    public void clearRequests() {
        requests.clear();
        batches.clear();
    }

    /** The number of items of each batch received ({@code POST /internal/bank/batch}), in order. */
    public List<Integer> batches() {
        return List.copyOf(batches);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private HttpServer bind(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
            s.setExecutor(executor);
            s.createContext("/", this::handle);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, Object body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.startsWith("/api/config") || path.startsWith("/api/watch")
                    || path.equals(FakeConfigStore.BATCH_PATH)) {
                forward(exchange, method, body);
                return;
            }
            if (!path.equals("/internal/bank/batch")) {
                requests.add(new Request(method, path)); // a batch's items are recorded one by one
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, new Answer(401, problem(401, "token required")));
                return;
            }
            Answer answer;
            inProgress.incrementAndGet();
            try {
                answer = route(method, path, body.length == 0 ? null : JSON.readTree(body));
            } catch (RuntimeException e) {
                answer = new Answer(500, problem(500, e.toString()));
            } finally {
                inProgress.decrementAndGet();
            }
            send(exchange, answer);
        }
    }

    private Answer route(String method, String path, JsonNode body) {
        String[] parts = path.split("/"); // "", internal, bank, what, id, action
        String what = parts.length > 3 ? parts[3] : "";
        if (what.equals("accounts") && method.equals("POST") && parts.length == 4) {
            return createAccount(body);
        }
        if (what.equals("accounts") && method.equals("GET") && parts.length == 5) {
            return account(parts[4]);
        }
        if (what.equals("transactions") && parts.length == 6 && method.equals("POST")) {
            return switch (parts[5]) {
                case "prepare" -> prepare(parts[4], body);
                case "commit" -> commit(parts[4]);
                case "abort" -> abort(parts[4]);
                default -> new Answer(404, problem(404, "no such action"));
            };
        }
        if (what.equals("batch") && parts.length == 4 && method.equals("POST")) {
            return batch(body);
        }
        if (what.equals("snapshots") && parts.length == 5) {
            return method.equals("POST") ? freeze(parts[4]) : release(parts[4]);
        }
        return new Answer(404, problem(404, "no endpoint " + method + " " + path));
    }

    /** Each item as its single endpoint answers it, in order (BANK.md's batch endpoint). */
    private Answer batch(JsonNode body) {
        JsonNode items = body.path("items");
        batches.add(items.size());
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode item : items) {
            String txId = item.path("txId").asString();
            String action = item.path("action").asString();
            String path = "/internal/bank/transactions/" + txId + "/" + action;
            requests.add(new Request("POST", path));
            Answer answer;
            try {
                answer = route("POST", path, item.get("body"));
            } catch (RuntimeException e) {
                answer = new Answer(500, problem(500, e.toString()));
            }
            results.addObject().put("txId", txId).put("action", action).put("status", answer.status())
                    .set("body", JSON.valueToTree(answer.body()));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("results", results);
        return new Answer(200, answer);
    }

    private synchronized Answer createAccount(JsonNode body) {
        String account = body.path("id").asString();
        if (accounts.containsKey(account)) {
            return new Answer(409, problem(409, "exists"));
        }
        long balance = body.path("balance").asLong();
        accounts.put(account, balance);
        return new Answer(201, Map.of("id", account, "balance", balance));
    }

    private synchronized Answer account(String account) {
        Long balance = accounts.get(account);
        if (balance == null) {
            return new Answer(404, problem(404, "no account"));
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("id", account);
        node.put("balance", balance);
        node.put("lockedBy", locks.get(account));
        return new Answer(200, node);
    }

    private Answer prepare(String txId, JsonNode body) {
        onPrepare.accept(txId);
        if (prepareDelayMillis > 0) {
            sleep(prepareDelayMillis);
        }
        if (prepareStatus != 0) {
            return new Answer(prepareStatus, problem(prepareStatus, "injected"));
        }
        synchronized (this) {
            Branch existing = branches.get(txId);
            if (existing != null) {
                boolean yes = existing.state.equals("PREPARED") || existing.state.equals("COMMITTED");
                return vote(txId, yes ? "YES" : "NO", yes ? null : existing.vote == null ? "ABORTED" : existing.reason,
                        existing.state);
            }
            Map<String, Long> deltas = new TreeMap<>();
            for (JsonNode op : body.path("operations")) {
                deltas.put(op.path("account").asString(), op.path("delta").asLong());
            }
            String reason = scriptedNo;
            if (reason == null) {
                for (String account : deltas.keySet()) {
                    if (locks.containsKey(account)) {
                        return vote(txId, "NO", "CONFLICT", null);
                    }
                }
                reason = validate(deltas);
            }
            if (reason != null) {
                branches.put(txId, new Branch("ABORTED", "NO", reason, deltas, body));
                return vote(txId, "NO", reason, "ABORTED");
            }
            deltas.keySet().forEach(a -> locks.put(a, txId));
            branches.put(txId, new Branch("PREPARED", "YES", null, deltas, body));
            return vote(txId, "YES", null, "PREPARED");
        }
    }

    private String validate(Map<String, Long> deltas) {
        for (var e : deltas.entrySet()) {
            Long balance = accounts.get(e.getKey());
            if (balance == null) {
                return "UNKNOWN_ACCOUNT";
            }
            if (balance + e.getValue() < 0) {
                return "INSUFFICIENT_FUNDS";
            }
        }
        return null;
    }

    /** Takes one injected phase-2 failure, if any is left. */
    private boolean failingPhaseTwo() {
        return phaseTwoFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private Answer commit(String txId) {
        if (failingPhaseTwo()) {
            return new Answer(503, problem(503, "injected"));
        }
        synchronized (this) {
            Branch b = branches.get(txId);
            if (b == null) {
                return new Answer(404, problem(404, "never prepared"));
            }
            if (b.state.equals("ABORTED")) {
                return new Answer(409, problem(409, "aborted"));
            }
            if (b.state.equals("PREPARED")) {
                b.deltas.forEach((a, d) -> accounts.merge(a, d, Long::sum));
                b.state = "COMMITTED";
                unlock(txId);
            }
            return new Answer(200, Map.of("txId", txId, "state", "COMMITTED"));
        }
    }

    private Answer abort(String txId) {
        if (failingPhaseTwo()) {
            return new Answer(503, problem(503, "injected"));
        }
        synchronized (this) {
            Branch b = branches.get(txId);
            if (b == null) {
                branches.put(txId, new Branch("ABORTED", null, "ABORTED", Map.of(), null));
            } else if (b.state.equals("COMMITTED")) {
                return new Answer(409, problem(409, "committed"));
            } else {
                b.state = "ABORTED";
                unlock(txId);
            }
            return new Answer(200, Map.of("txId", txId, "state", "ABORTED"));
        }
    }

    private void unlock(String txId) {
        locks.values().removeIf(txId::equals);
    }

    private synchronized Answer freeze(String snapshotId) {
        if (freezeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Answer(503, problem(503, "could not drain"));
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("snapshotId", snapshotId);
        ArrayNode list = node.putArray("accounts");
        accounts.forEach((a, b) -> list.addObject().put("id", a).put("balance", b));
        return new Answer(200, node);
    }

    private Answer release(String snapshotId) {
        boolean held = lapsedReleases.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
        return new Answer(200, Map.of("snapshotId", snapshotId, "held", held));
    }

    private Answer vote(String txId, String vote, String reason, String state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("txId", txId);
        node.put("vote", vote);
        node.put("reason", reason);
        node.put("state", state);
        return new Answer(200, node);
    }

    private static Map<String, Object> problem(int status, String detail) {
        return Map.of("type", "about:blank", "status", status, "detail", detail);
    }

    private void forward(HttpExchange exchange, String method, byte[] body) throws IOException {
        URI target = URI.create(storeUrl + exchange.getRequestURI().toString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Content-Type", "If-Match", "If-None-Match", "Authorization")) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
                builder.header(h, v);
            }
        }
        try {
            HttpResponse<byte[]> response = proxy.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type")
                    .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            response.headers().firstValue("ETag").ifPresent(v -> exchange.getResponseHeaders().set("ETag", v));
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        String type = answer.status() < 400 ? "application/json" : "application/problem+json";
        exchange.getResponseHeaders().set("Content-Type", type);
        byte[] json = JSON.writeValueAsBytes(answer.body());
        exchange.sendResponseHeaders(answer.status(), json.length);
        exchange.getResponseBody().write(json);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
