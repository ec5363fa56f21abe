package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A small HTTP client for the internal bank endpoints of one running participant, with the cluster token. */
class BankHttp {

    static final String TOKEN = "bank-test-token";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    BankHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One operation of a branch. */
    record Op(String account, long delta) {
    }

    static String txId() {
        return UUID.randomUUID().toString();
    }

    /** An account id no other test uses. */
    static String account(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    HttpResponse<String> send(String method, String path, String body, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, true);
    }

    HttpResponse<String> createAccount(String id, long balance) {
        return send("POST", "/internal/bank/accounts",
                JSON.createObjectNode().put("id", id).put("balance", balance).toString());
    }

    void createAccounts(long balance, String... ids) {
        for (String id : ids) {
            HttpResponse<String> r = createAccount(id, balance);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    /** Creates an account with an id no other test uses; returns the id. */
    String newAccount(String name, long balance) {
        String id = account(name);
        createAccounts(balance, id);
        return id;
    }

    /** A new transaction, prepared here with YES (asserted); returns its id. */
    String prepared(Op... ops) {
        String tx = txId();
        assertThat(vote(tx, ops).path("vote").asString()).isEqualTo("YES");
        return tx;
    }

    long balance(String id) {
        HttpResponse<String> r = send("GET", "/internal/bank/accounts/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("balance").asLong();
    }

    static String prepareBody(String mode, String coordinatorUrl, List<Op> ops) {
        return prepareBody(mode, coordinatorUrl, Instant.now(), ops);
    }

    /** {@code createdAt}: when the coordinator created the transaction (null: the field is left out). */
    static String prepareBody(String mode, String coordinatorUrl, Instant createdAt, List<Op> ops) {
        ObjectNode body = JSON.createObjectNode().put("coordinator", "coordinator-1").put("mode", mode);
        if (createdAt != null) {
            body.put("createdAt", createdAt.toString());
        }
        if (coordinatorUrl != null) {
            body.put("coordinatorUrl", coordinatorUrl);
        }
        body.putArray("participants").add("participant-7");
        ArrayNode operations = body.putArray("operations");
        ops.forEach(op -> operations.addObject().put("account", op.account()).put("delta", op.delta()));
        return body.toString();
    }

    HttpResponse<String> prepare(String txId, Op... ops) {
        return send("POST", "/internal/bank/transactions/" + txId + "/prepare",
                prepareBody("paxos", "http://127.0.0.1:1", List.of(ops)));
    }

    HttpResponse<String> prepareLocal(String txId, String coordinatorUrl, Op... ops) {
        return send("POST", "/internal/bank/transactions/" + txId + "/prepare",
                prepareBody("local", coordinatorUrl, List.of(ops)));
    }

    /** Prepares and returns the vote's JSON (asserting 200). */
    JsonNode vote(String txId, Op... ops) {
        HttpResponse<String> r = prepare(txId, ops);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    HttpResponse<String> commit(String txId) {
        return send("POST", "/internal/bank/transactions/" + txId + "/commit", null);
    }

    HttpResponse<String> abort(String txId) {
        return send("POST", "/internal/bank/transactions/" + txId + "/abort", null);
    }

    /** One item of a batch; {@code body} (a prepare's body) null: none. */
    static ObjectNode item(String txId, String action, String body) {
        ObjectNode item = JSON.createObjectNode().put("txId", txId).put("action", action);
        if (body != null) {
            item.set("body", JSON.readTree(body));
        }
        return item;
    }

    /** A batch item that prepares {@code txId} as {@link #prepare(String, Op...)} does. */
    static ObjectNode prepareItem(String txId, Op... ops) {
        return item(txId, "prepare", prepareBody("paxos", "http://127.0.0.1:1", List.of(ops)));
    }

    static String batchBody(List<ObjectNode> items) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("items").addAll(items);
        return body.toString();
    }

    HttpResponse<String> batch(String body) {
        return send("POST", "/internal/bank/batch", body);
    }

    /** Sends the items as one batch and returns its results (asserting 200 and one result per item). */
    JsonNode batch(ObjectNode... items) {
        HttpResponse<String> r = batch(batchBody(List.of(items)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = json(r).path("results");
        assertThat(results.size()).as(r.body()).isEqualTo(items.length);
        return results;
    }

    /** The status of each result of a batch, in order. */
    static List<Integer> statuses(JsonNode results) {
        List<Integer> out = new ArrayList<>();
        results.forEach(r -> out.add(r.path("status").asInt()));
        return out;
    }

    HttpResponse<String> branch(String txId) {
        return send("GET", "/internal/bank/transactions/" + txId, null);
    }

    String state(String txId) {
        HttpResponse<String> r = branch(txId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("state").asString();
    }

    JsonNode locks() {
        HttpResponse<String> r = send("GET", "/internal/bank/locks", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("locks");
    }

    /** Aborts every PREPARED branch, so a test starts without held locks. */
    void abortAllPrepared() {
        HttpResponse<String> r = send("GET", "/internal/bank/transactions?state=PREPARED", null);
        for (JsonNode b : json(r).path("branches")) {
            abort(b.path("txId").asString());
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The response is a problem+json with this status and no stack trace. */
    static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                .startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotEmpty();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
