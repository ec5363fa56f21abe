package dev.distlab.configclient;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the replicated config store ({@code /api/config}, {@code /api/watch}): Spring's {@link RestClient}
 * over the JDK's {@link HttpClient}, usable without a Spring context; given Spring's builder, each request is a span
 * of the caller's trace; given RestClients ({@link Builder#restClients}, a service's own), it sends through those.
 * Thread-safe; one instance is meant to be shared.
 *
 * <p><b>Replicas.</b> It is given one or more base URLs: the gateway alone, or the participants directly. Any
 * replica serves any request (followers forward to the leader), so no leader knowledge is needed. A request
 * goes first to the replica that answered last, and on to the next one when a replica cannot serve it.
 *
 * <p><b>Retries are only what is safe.</b> Reads (get, list, watch) move on to the next replica after a refused
 * or timed-out connection, a broken exchange, a timeout, or 502/503/504. A write (put, delete, a batch of them:
 * {@link #writeAll}) moves on only when it provably was not sent: the connection was refused or could not be made
 * in time, or the store answered 409 "superseded" (the store's word that it did not apply it; a batch's items are
 * not retried one by one). After anything else — a timeout, a broken
 * exchange, 5xx — the write may have been applied, and the client throws {@link OutcomeUnknownException}
 * without retrying, conditional writes included (verify by reading if you need to).
 *
 * <p><b>Errors.</b> An invalid key or prefix is refused here with {@link IllegalArgumentException}, as is a
 * 400 from the store. 412 is {@link PreconditionFailedException}, 410 from a watch is
 * {@link CompactedException}; when no replica could serve a request: {@link StoreUnavailableException}; any
 * other unexpected answer: {@link ConfigException} with its status.
 */
public final class ConfigClient implements AutoCloseable {

    static final String REVISION_HEADER = "X-Config-Revision";
    /** The store's longest long-poll. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(300);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The template of a call on one key, in metrics and spans (a key itself would be a series of its own). */
    private static final String KEY = "/api/config/{key}";
    /** The store's internal batch endpoint (cluster token required; the gateway does not route it). */
    static final String BATCH = "/internal/config/batch";
    /** The most writes the store takes in one batch. */
    public static final int MAX_BATCH = 256;

    private final List<URI> replicas;
    private final String token;
    private final Duration requestTimeout;
    /** The RestClient whose calls give up after a timeout. */
    private final Function<Duration, RestClient> clients;
    /** What a call that got no answer failed of, in the JDK client's kinds ({@link #send} tells them apart). */
    private final Function<ResourceAccessException, IOException> failures;
    private final AtomicInteger preferred = new AtomicInteger();
    private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
    private volatile boolean closed;

    private ConfigClient(Builder builder) {
        if (builder.replicas.isEmpty()) {
            throw new IllegalArgumentException("A config client needs at least one replica URL");
        }
        this.replicas = List.copyOf(builder.replicas);
        this.token = builder.token;
        this.requestTimeout = builder.requestTimeout;
        if (builder.clients != null) {
            this.clients = builder.clients;
            this.failures = builder.failures;
        } else {
            this.clients = new JdkRestClients(builder.connectTimeout, builder.decorator, builder.restClients)::within;
            this.failures = JdkRestClients::cause;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client of these replicas with default timeouts and no token. */
    public static ConfigClient of(String... replicaUrls) {
        Builder builder = builder();
        for (String url : replicaUrls) {
            builder.replica(url);
        }
        return builder.build();
    }

    public List<URI> replicas() {
        return replicas;
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    /** Linearizable read of one key; empty if it does not exist. */
    public Optional<Entry> get(String key) {
        return get(key, Consistency.LINEARIZABLE);
    }

    /** Reads one key with the given consistency; empty if it does not exist. */
    public Optional<Entry> get(String key, Consistency consistency) {
        ConfigKeys.checkKey(key);
        String query = consistency == Consistency.STALE ? "?consistency=stale" : "";
        Answer response = send(Call.read(KEY, "/api/config/" + key + query, requestTimeout));
        return switch (response.statusCode()) {
            case 200 -> Optional.of(entry(tree(response)));
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    /**
     * Long-polls one key: answers as soon as its state is newer than {@code afterRevision} (the entry, or
     * empty if it was deleted), or after {@code timeout} (whole seconds, at most 300) with its current state.
     */
    public Optional<Entry> waitForChange(String key, long afterRevision, Duration timeout) {
        ConfigKeys.checkKey(key);
        long seconds = waitSeconds(timeout);
        Answer response = send(Call.read(KEY, "/api/config/" + key + "?waitRevision="
                + requireRevision(afterRevision) + "&timeout=" + seconds,
                Duration.ofSeconds(seconds).plus(requestTimeout)));
        return switch (response.statusCode()) {
            case 200 -> Optional.of(entry(tree(response)));
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    /** Linearizable list of the entries whose key starts with {@code prefix} (all if empty), sorted by key. */
    public EntryList list(String prefix) {
        return list(prefix, Consistency.LINEARIZABLE);
    }

    public EntryList list(String prefix, Consistency consistency) {
        String p = ConfigKeys.checkPrefix(prefix);
        String query = "?prefix=" + p + (consistency == Consistency.STALE ? "&consistency=stale" : "");
        Answer response = send(Call.read("/api/config", "/api/config" + query, requestTimeout));
        if (response.statusCode() != 200) {
            throw unexpected(response);
        }
        JsonNode root = tree(response);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : root.path("entries")) {
            entries.add(entry(e));
        }
        return new EntryList(root.path("revision").asLong(), entries);
    }

    /**
     * Every change under {@code prefix} after {@code afterRevision}, in revision order, waiting up to
     * {@code timeout} (whole seconds, at most 300) while there is none. Continue with the answer's revision.
     *
     * @throws CompactedException if the history after {@code afterRevision} is no longer kept
     */
    public WatchResult watch(String prefix, long afterRevision, Duration timeout) {
        String p = ConfigKeys.checkPrefix(prefix);
        long seconds = waitSeconds(timeout);
        Answer response = send(Call.read("/api/watch", "/api/watch?prefix=" + p + "&afterRevision="
                + requireRevision(afterRevision) + "&timeout=" + seconds,
                Duration.ofSeconds(seconds).plus(requestTimeout)));
        if (response.statusCode() == 410) {
            JsonNode problem = tryTree(response.body());
            long compact = problem == null ? 0 : problem.path("compactRevision").asLong();
            throw new CompactedException(compact, "Watch of '" + p + "' after revision " + afterRevision
                    + ": history is kept only from revision " + compact + " on");
        }
        if (response.statusCode() != 200) {
            throw unexpected(response);
        }
        JsonNode root = tree(response);
        List<WatchEvent> events = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            JsonNode value = e.get("value");
            events.add(new WatchEvent(WatchEvent.Type.valueOf(e.path("type").asString()), e.path("key").asString(),
                    value == null || value.isNull() ? null : value.asString(), e.path("modRevision").asLong()));
        }
        return new WatchResult(root.path("revision").asLong(), events);
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    /** Creates or replaces an entry. */
    public Entry put(String key, String value) {
        return put(key, value, null, null);
    }

    /** Creates an entry only if the key is absent; else {@link PreconditionFailedException}. */
    public Entry putIfAbsent(String key, String value) {
        return put(key, value, "If-None-Match", "*");
    }

    /**
     * Replaces an entry only if its modRevision is {@code modRevision}; else (another modRevision, or absent)
     * {@link PreconditionFailedException} carrying the current modRevision.
     */
    public Entry putIfMatch(String key, String value, long modRevision) {
        return put(key, value, "If-Match", "\"" + requireRevision(modRevision) + "\"");
    }

    /** Deletes an entry; false if it did not exist. */
    public boolean delete(String key) {
        return delete(key, null);
    }

    /**
     * Deletes an entry only if its modRevision is {@code modRevision}; {@link PreconditionFailedException} if it
     * has another one or does not exist.
     */
    public boolean deleteIfMatch(String key, long modRevision) {
        return delete(key, "\"" + requireRevision(modRevision) + "\"");
    }

    private Entry put(String key, String value, String conditionHeader, String conditionValue) {
        ConfigKeys.checkKey(key);
        Objects.requireNonNull(value, "value");
        ObjectNode body = JSON.createObjectNode();
        body.put("value", value);
        Call call = Call.write("PUT", KEY, "/api/config/" + key, JSON.writeValueAsString(body), requestTimeout);
        if (conditionHeader != null) {
            call = call.withHeader(conditionHeader, conditionValue);
        }
        return putAnswer(key, send(call));
    }

    private static Entry putAnswer(String key, Answer response) {
        return switch (response.statusCode()) {
            case 200, 201 -> entry(tree(response));
            case 412 -> throw preconditionFailed(key, response);
            default -> throw unexpected(response);
        };
    }

    private boolean delete(String key, String ifMatch) {
        ConfigKeys.checkKey(key);
        Call call = Call.write("DELETE", KEY, "/api/config/" + key, null, requestTimeout);
        if (ifMatch != null) {
            call = call.withHeader("If-Match", ifMatch);
        }
        return deleteAnswer(key, send(call));
    }

    private static boolean deleteAnswer(String key, Answer response) {
        return switch (response.statusCode()) {
            case 204, 200 -> true;
            case 404 -> false;
            case 412 -> throw preconditionFailed(key, response);
            default -> throw unexpected(response);
        };
    }

    // ---- batches -----------------------------------------------------------------------------------------------

    /**
     * Sends 1 to {@value #MAX_BATCH} writes in one request to the store's batch endpoint (it needs the cluster
     * {@link Builder#token} and the replicas' own URLs: the gateway does not route it). Each write is applied on its
     * own, as its single call would be: there is no atomicity across them, and writes of the same key apply in
     * their order. Returns one result per write, in order, each with its single call's meaning (see
     * {@link WriteResult}).
     * <p>
     * The request as a whole is sent and retried as a single write is (see the class comment): if it could reach no
     * replica, {@link StoreUnavailableException} (nothing was applied); if it was sent but got no usable answer (a
     * timeout, a broken exchange, 502-504), {@link OutcomeUnknownException}, and then any of the writes may or may
     * not have been applied. A batch the store refuses as invalid (400; nothing was applied) is
     * {@link IllegalArgumentException}; any other answer a {@link ConfigException} with its status.
     */
    public List<WriteResult> writeAll(List<Write> writes) {
        if (writes == null || writes.isEmpty() || writes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("A batch holds 1 to " + MAX_BATCH + " writes, not "
                    + (writes == null ? "none" : writes.size()));
        }
        Answer response = send(Call.write("POST", BATCH, BATCH, BatchJson.request(writes), requestTimeout));
        if (response.statusCode() != 200) {
            throw unexpected(response);
        }
        List<BatchJson.Item> items = BatchJson.items(tryTree(response.body()), writes);
        if (items == null) {
            throw new OutcomeUnknownException(200, "POST " + response.uri() + " answered with a body that does not "
                    + "hold one result per write; the " + writes.size() + " writes may or may not have been applied",
                    null);
        }
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            results.add(result(writes.get(i), response.uri(), items.get(i)));
        }
        return results;
    }

    /** One item's result, read as its single call's answer would have been. */
    private static WriteResult result(Write write, URI batchUri, BatchJson.Item item) {
        boolean put = write.method() == Write.Method.PUT;
        Answer answer = new Answer(write.method().name(), batchUri.resolve("/api/config/" + write.key()),
                item.status(), new HttpHeaders(), item.body());
        try {
            if (item.status() == 502 || item.status() == 503 || item.status() == 504) {
                throw new OutcomeUnknownException(item.status(), write + " in a batch to " + batchUri + " answered "
                        + item.status() + " (" + detail(answer) + "); it may or may not have been applied", null);
            }
            return put ? WriteResult.written(write, item.status(), putAnswer(write.key(), answer))
                    : WriteResult.deleted(write, item.status(), deleteAnswer(write.key(), answer));
        } catch (RuntimeException e) {
            return WriteResult.failed(write, item.status(), e);
        }
    }

    // ---- watchers ----------------------------------------------------------------------------------------------

    /**
     * A background watcher of {@code prefix} with default settings, not yet started: see {@link Watcher}.
     * Closing this client stops it.
     */
    public Watcher watcher(String prefix, WatchListener listener) {
        return watcher(prefix, listener, Watcher.Settings.defaults());
    }

    public Watcher watcher(String prefix, WatchListener listener, Watcher.Settings settings) {
        ConfigKeys.checkPrefix(prefix);
        Watcher watcher = new Watcher(this, prefix, listener, settings);
        watchers.add(watcher);
        return watcher;
    }

    void forget(Watcher watcher) {
        watchers.remove(watcher);
    }

    /** Stops every watcher of this client; further calls fail. */
    @Override
    public void close() {
        closed = true;
        for (Watcher watcher : watchers) {
            watcher.close();
        }
        watchers.clear();
    }

    // ---- transport ---------------------------------------------------------------------------------------------

    /** One HTTP request; {@code template} names its endpoint in metrics and spans, without keys or query. */
    private record Call(String method, String template, String pathAndQuery, String body, boolean write,
            Duration timeout, List<String> headers) {

        static Call read(String template, String pathAndQuery, Duration timeout) {
            return new Call("GET", template, pathAndQuery, null, false, timeout, List.of());
        }

        static Call write(String method, String template, String pathAndQuery, String body, Duration timeout) {
            return new Call(method, template, pathAndQuery, body, true, timeout, List.of());
        }

        Call withHeader(String name, String value) {
            List<String> more = new ArrayList<>(headers);
            more.add(name);
            more.add(value);
            return new Call(method, template, pathAndQuery, body, write, timeout, List.copyOf(more));
        }

        String describe() {
            return method + " " + pathAndQuery;
        }
    }

    /**
     * Sends the call to the replicas in turn, starting with the one that answered last, until one gives an
     * answer that is not "cannot serve"; see the class comment for what is retried.
     */
    private Answer send(Call call) {
        if (closed) {
            throw new IllegalStateException("This config client is closed");
        }
        int n = replicas.size();
        int start = Math.floorMod(preferred.get(), n);
        List<String> failures = new ArrayList<>();
        int lastStatus = 0;
        Exception lastError = null;
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            URI replica = replicas.get(index);
            Answer response;
            try {
                response = exchange(replica, call);
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // nothing was sent: safe to try the next replica, writes included
                failures.add(replica + ": could not connect (" + describe(e) + ")");
                lastError = e;
                continue;
            } catch (HttpTimeoutException e) {
                if (call.write()) {
                    throw new OutcomeUnknownException(0, call.describe() + " to " + replica + " got no answer within "
                            + call.timeout().toMillis() + " ms; it may or may not have been applied", e);
                }
                failures.add(replica + ": no answer within " + call.timeout().toMillis() + " ms");
                lastError = e;
                continue;
            } catch (IOException e) {
                if (isUnresolved(e)) {
                    failures.add(replica + ": unknown host");
                    lastError = e;
                    continue;
                }
                if (call.write()) {
                    throw new OutcomeUnknownException(0, call.describe() + " to " + replica + " failed after it was "
                            + "sent (" + describe(e) + "); it may or may not have been applied", e);
                }
                failures.add(replica + ": " + describe(e));
                lastError = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (call.write()) {
                    throw new OutcomeUnknownException(0, call.describe() + " was interrupted; it may or may not "
                            + "have been applied", e);
                }
                throw new ConfigException(0, call.describe() + " was interrupted", e);
            }
            int status = response.statusCode();
            if (status == 502 || status == 503 || status == 504) {
                if (call.write()) {
                    throw new OutcomeUnknownException(status, call.describe() + " to " + replica + " answered "
                            + status + " (" + detail(response) + "); it may or may not have been applied", null);
                }
                failures.add(replica + ": " + status + " (" + detail(response) + ")");
                lastStatus = status;
                lastError = null;
                continue;
            }
            if (status == 409 && call.write()) {
                // "superseded by a newer request and not applied; retry it"
                failures.add(replica + ": 409 (" + detail(response) + ")");
                lastStatus = status;
                lastError = null;
                continue;
            }
            preferred.set(index);
            return response;
        }
        String what = call.describe() + ": no config store replica could serve it"
                + (call.write() ? " (it was not applied)" : "") + " — " + String.join("; ", failures);
        if (lastStatus == 409) {
            throw new ConfigException(409, what);
        }
        throw new StoreUnavailableException(lastStatus, what, lastError);
    }

    /** What a replica answered: enough of the exchange to act on it and to describe it. */
    private record Answer(String method, URI uri, int statusCode, HttpHeaders headers, String body) {
    }

    /**
     * Sends one call to one replica through the RestClient for its timeout. A call that got no answer throws its
     * failure in the JDK client's kinds (e.g. {@link ConnectException}, {@link HttpTimeoutException}), as {@link #send}
     * tells them apart; an interrupted one throws {@link InterruptedException}.
     */
    private Answer exchange(URI replica, Call call) throws IOException, InterruptedException {
        String base = replica.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + call.pathAndQuery());
        RestClient.RequestBodySpec request = clients.apply(call.timeout()).method(HttpMethod.valueOf(call.method()))
                .uri(call.template(), ignored -> uri).accept(MediaType.APPLICATION_JSON);
        if (call.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(call.body().getBytes(StandardCharsets.UTF_8));
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < call.headers().size(); i += 2) {
            request.header(call.headers().get(i), call.headers().get(i + 1));
        }
        try {
            return request.exchange((sent, response) -> new Answer(call.method(), uri,
                    response.getStatusCode().value(), response.getHeaders(),
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (ResourceAccessException e) {
            IOException failure = failures.apply(e);
            if (failure instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                InterruptedException interrupted = new InterruptedException(failure.getMessage());
                interrupted.initCause(failure);
                throw interrupted;
            }
            throw failure;
        }
    }

    private static boolean isUnresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    // ---- answers -----------------------------------------------------------------------------------------------

    private static JsonNode tree(Answer response) {
        JsonNode node = tryTree(response.body());
        if (node == null || !node.isObject()) {
            throw new ConfigException(response.statusCode(), response.method() + " "
                    + response.uri() + " answered " + response.statusCode() + " with a body that is not a JSON object");
        }
        return node;
    }

    private static JsonNode tryTree(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Entry entry(JsonNode node) {
        JsonNode key = node.get("key");
        JsonNode value = node.get("value");
        if (key == null || !key.isString() || value == null || !value.isString()) {
            throw new ConfigException(0, "The store answered an entry without a string key and value: " + node);
        }
        return new Entry(key.asString(), value.asString(), node.path("version").asLong(),
                node.path("createRevision").asLong(), node.path("modRevision").asLong());
    }

    private static PreconditionFailedException preconditionFailed(String key, Answer response) {
        JsonNode problem = tryTree(response.body());
        long current = problem == null ? 0 : problem.path("modRevision").asLong(0);
        if (current == 0) {
            String tag = response.headers().getFirst("ETag");
            current = tag == null ? 0 : revisionOfTag(tag);
        }
        return new PreconditionFailedException(key, current, "Precondition failed for '" + key + "': "
                + detail(response));
    }

    private static long revisionOfTag(String tag) {
        String t = tag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static RuntimeException unexpected(Answer response) {
        int status = response.statusCode();
        String what = response.method() + " " + response.uri().getRawPath() + " answered " + status + ": "
                + detail(response);
        if (status == 400) {
            return new IllegalArgumentException(what);
        }
        return new ConfigException(status, what);
    }

    /** The problem's detail, or a short excerpt of the body. */
    private static String detail(Answer response) {
        JsonNode problem = tryTree(response.body());
        if (problem != null && problem.path("detail").isString()) {
            return problem.path("detail").asString();
        }
        String body = response.body() == null ? "" : response.body().strip();
        if (body.isEmpty()) {
            return "no body";
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    private static long requireRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("A revision is a non-negative number, not " + revision);
        }
        return revision;
    }

    private static long waitSeconds(Duration timeout) {
        if (timeout.isNegative() || timeout.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("A wait is 0 to 300 seconds, not " + timeout);
        }
        return timeout.toSeconds();
    }

    /** Settings of a {@link ConfigClient}. */
    public static final class Builder {

        private final List<URI> replicas = new ArrayList<>();
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private UnaryOperator<HttpClient> decorator = UnaryOperator.identity();
        private RestClient.Builder restClients = RestClient.builder();
        private Function<Duration, RestClient> clients;
        private Function<ResourceAccessException, IOException> failures;

        private Builder() {
        }

        /** Adds a replica (or gateway) base URL, e.g. {@code http://127.0.0.1:8081}. */
        public Builder replica(String baseUrl) {
            return replica(URI.create(baseUrl));
        }

        public Builder replica(URI baseUrl) {
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("A replica is an absolute http(s) URL, not " + baseUrl);
            }
            replicas.add(baseUrl);
            return this;
        }

        public Builder replicas(List<URI> baseUrls) {
            baseUrls.forEach(this::replica);
            return this;
        }

        /** The cluster token, sent as {@code Authorization: Bearer ...}; null for none. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token;
            return this;
        }

        /** Longest wait for a connection to a replica (default 1 s); a refused one fails at once. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /**
         * Longest wait for one replica's answer (default 10 s; the store fails a write it cannot commit within a
         * few seconds). Long-polls wait their own timeout plus this.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /**
         * Wraps the HTTP client the config client builds (e.g. the services' fault injection); the wrapper must
         * send what it is given. Default: none.
         */
        public Builder httpClientDecorator(UnaryOperator<HttpClient> decorator) {
            this.decorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        /**
         * The builder of the {@link RestClient}s that send the requests (copied, not changed): in a Spring service,
         * Spring's {@code RestClient.Builder}, which carries the observation registry, so that every request is a
         * span of the caller's trace and sends its {@code traceparent}. Its request factory is replaced by one over
         * the (decorated) JDK client. Default: a plain builder, no observation.
         */
        public Builder restClient(RestClient.Builder builder) {
            this.restClients = Objects.requireNonNull(builder, "builder");
            return this;
        }

        /**
         * Sends every request through the RestClient {@code clients} gives for its timeout (whose calls give up when
         * no answer came within it), instead of ones over a JDK client of the config client's own: in a service, its
         * {@code ServiceCalls}, with their connection pool, fault injection and observation. {@code failures} tells
         * what a call that got no answer failed of, in the kinds the retries go by: a {@link ConnectException} or
         * {@link HttpConnectTimeoutException} was not sent, an {@link HttpTimeoutException} got no answer in time,
         * an {@link InterruptedIOException} was interrupted (the thread's flag set). {@link #connectTimeout},
         * {@link #httpClientDecorator} and {@link #restClient} then do not apply.
         */
        public Builder restClients(Function<Duration, RestClient> clients,
                Function<ResourceAccessException, IOException> failures) {
            this.clients = Objects.requireNonNull(clients, "clients");
            this.failures = Objects.requireNonNull(failures, "failures");
            return this;
        }

        public ConfigClient build() {
            return new ConfigClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("A timeout must be positive, not " + d);
            }
            return d;
        }
    }
}
