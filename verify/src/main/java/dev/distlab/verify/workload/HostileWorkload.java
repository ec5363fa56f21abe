package dev.distlab.verify.workload;

import static dev.distlab.verify.workload.BankWorkload.describe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Topology;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests mixed into the other workloads' traffic: malformed JSON, a body over 1 MiB, an out-of-range
 * amount, an unknown field, an unauthenticated write to a reserved key, a wrong token on the balancer API, a
 * key of bad syntax. Each reads the state it aims at before and after, so the checker can tell whether it got
 * a 4xx problem and changed nothing. The state is this workload's own (accounts {@code verify-<run>-h0/h1},
 * keys under {@code verify/hostile/<run>/}, the coordinator-service balancer which lb never touches), so
 * nobody else's legitimate writes can make it look changed.
 */
public final class HostileWorkload extends Workload {

    private static final int OVERSIZED = 1024 * 1024 + 4096;
    private static final int AFTER_READ_ATTEMPTS = 10;

    /** One kind of bad request: what it sends and how to read what it aims at. */
    record Case(String name, String method, String path, String body, Map<String, String> headers,
            StateProbe probe) {
    }

    /** Reads the state a case aims at, as a comparable string. */
    @FunctionalInterface
    interface StateProbe {
        String read() throws IOException;
    }

    private String h0;
    private String h1;

    public HostileWorkload(WorkloadContext context) {
        super(context);
    }

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public void setup() throws IOException {
        h0 = "verify-" + context.runId() + "-h0";
        h1 = "verify-" + context.runId() + "-h1";
        for (String id : List.of(h0, h1)) {
            Http.Response response = context.http().send("POST", context.gateway() + "/api/accounts",
                    Http.json(Map.of("id", id, "balance", 100)), Map.of());
            if (response.status() != 201) {
                throw new IOException("creating account " + id + " got " + response.status() + ": " + response.body());
            }
        }
    }

    List<Case> cases(Random random) {
        String base = "verify/hostile/" + context.runId();
        StateProbe balances = () -> account(h0) + " " + account(h1);
        long badAmount = List.of(0L, -5L, 1_000_000_000_001L).get(random.nextInt(3));
        return List.of(
                new Case("malformed-json", "POST", "/api/transfers", "{\"from\": \"" + h0 + "\", \"to\": ",
                        Map.of(), balances),
                new Case("oversized-body", "PUT", "/api/config/" + base + "/big",
                        "{\"value\": \"" + "x".repeat(OVERSIZED) + "\"}", Map.of(),
                        () -> entry(base + "/big")),
                new Case("out-of-range-amount", "POST", "/api/transfers",
                        Http.json(Map.of("from", h0, "to", h1, "amount", badAmount)), Map.of(), balances),
                new Case("unknown-field", "POST", "/api/transfers",
                        Http.json(Map.of("from", h0, "to", h1, "amount", 1, "memo", "not a field")), Map.of(),
                        balances),
                new Case("unauthenticated-reserved-write", "PUT", "/api/config/tx/verify-" + context.runId(),
                        Http.json(Map.of("value", "COMMITTED")), Map.of(),
                        () -> entry("tx/verify-" + context.runId())),
                new Case("wrong-token-balancer", "PUT", "/api/gateway/balancers/" + Topology.COORDINATOR_SERVICE,
                        Http.json(Map.of("policy", "random")), Http.bearer("not-the-cluster-token"),
                        this::coordinatorPolicy),
                new Case("bad-key-syntax", "PUT", "/api/config/" + base + "/bad*key", Http.json(Map.of("value", "x")),
                        Map.of(), () -> entries(base + "/")));
    }

    @Override
    public List<Runnable> clients(Deadline deadline) {
        List<Runnable> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, context.concurrency() / 2); i++) {
            int process = newProcess();
            Random random = context.random(name(), i);
            List<Case> cases = cases(random);
            clients.add(() -> {
                while (deadline.running()) {
                    attempt(process, cases.get(random.nextInt(cases.size())));
                    pause(100 + random.nextInt(200)); // mixed in, not a flood
                }
            });
        }
        return clients;
    }

    void attempt(int process, Case c) {
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("case", c.name());
        asked.put("method", c.method());
        asked.put("path", c.path());
        Op invoke = context.recorder().invoke(process, "hostile", asked);
        String before;
        try {
            before = c.probe().read();
        } catch (IOException e) {
            context.recorder().fail(invoke, asked, null, "not sent: could not read the state before: " + describe(e));
            return;
        }
        Http.Response response;
        try {
            response = context.http().send(c.method(), context.gateway() + c.path(), c.body(), c.headers());
        } catch (IOException e) {
            context.recorder().info(invoke, asked, null, describe(e));
            return;
        }
        if (response.status() == 502 || response.status() == 503 || response.status() == 504) {
            // the upstream was unreachable: no definite answer about the request itself
            context.recorder().info(invoke, asked, response.instance(), "HTTP " + response.status());
            return;
        }
        String after = null;
        for (int i = 0; i < AFTER_READ_ATTEMPTS && after == null; i++) {
            try {
                after = c.probe().read();
            } catch (IOException e) {
                pause(300);
            }
        }
        if (after == null) {
            context.recorder().info(invoke, asked, response.instance(), "could not read the state after");
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>(asked);
        value.put("status", (long) response.status());
        value.put("problem", response.isProblem());
        value.put("unchanged", before.equals(after));
        context.recorder().ok(invoke, value, response.instance());
    }

    /** An account's id and balance; a 5xx or no answer means the state is unknown now. */
    private String account(String id) throws IOException {
        JsonNode json = read("/api/accounts/" + id, 200);
        return id + "=" + json.path("balance").asString("absent");
    }

    /** A key's value and modRevision, or "absent". */
    private String entry(String key) throws IOException {
        JsonNode json = read("/api/config/" + key, 200, 404);
        return json.has("modRevision") ? json.path("value").asString() + "@" + json.path("modRevision").asLong()
                : "absent";
    }

    /** The keys under a prefix with their modRevisions (not the store-wide revision, which others move). */
    private String entries(String prefix) throws IOException {
        StringBuilder state = new StringBuilder();
        for (JsonNode entry : read("/api/config?prefix=" + prefix, 200).path("entries")) {
            state.append(entry.path("key").asString()).append('@').append(entry.path("modRevision").asLong())
                    .append(' ');
        }
        return state.toString();
    }

    private JsonNode read(String path, int... expected) throws IOException {
        Http.Response response = context.http().get(context.gateway() + path);
        for (int status : expected) {
            if (response.status() == status) {
                return status == 200 ? response.json() : Http.JSON.missingNode();
            }
        }
        throw new IOException(path + " answered HTTP " + response.status());
    }

    /** The coordinator-service balancer's policy and weights (not its health or request counts, which move). */
    private String coordinatorPolicy() throws IOException {
        Http.Response response = context.http().get(context.gateway() + "/api/gateway/balancers/"
                + Topology.COORDINATOR_SERVICE);
        if (response.status() != 200) {
            throw new IOException("HTTP " + response.status());
        }
        JsonNode json = response.json();
        StringBuilder state = new StringBuilder(json.path("policy").asString());
        for (JsonNode instance : json.path("instances")) {
            state.append(' ').append(instance.path("id").asString()).append('=').append(instance.path("weight"));
        }
        return state.toString();
    }

    @Override
    public void finish() {
        // every attempt completed with its own after-read; nothing is left open
    }
}
