package dev.distlab.verify.workload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import tools.jackson.databind.JsonNode;

/**
 * Jepsen's bank through the gateway: accounts {@code verify-<run>-a0..a7} opened with seeded balances, clients
 * sending transfers (each with its own Idempotency-Key) and multi-account transactions, consistent snapshots
 * and single reads. After the faults heal, every request whose outcome stayed unknown is repeated with its key
 * until final, then the final balances and the coordinators' non-final transactions are read.
 */
public final class BankWorkload extends Workload {

    static final int ACCOUNTS = 8;
    private static final long RESOLVE_PER_KEY_MS = 30_000;
    private static final long RESOLVE_TOTAL_MS = 120_000;
    private static final long FINAL_MS = 30_000;

    /** A request whose outcome the client did not learn: repeated as-is in the final phase. */
    private record Unknown(String key, String path, String body) {
    }

    private final List<String> accounts = new ArrayList<>();
    private final List<Unknown> unknowns = new CopyOnWriteArrayList<>();
    /** Transactions PREPARING or HEURISTIC before this run began. */
    private final java.util.Set<String> earlier = new java.util.HashSet<>();
    private int finalProcess;

    public BankWorkload(WorkloadContext context) {
        super(context);
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public void setup() throws IOException {
        finalProcess = newProcess();
        Random random = context.random(name(), -1);
        Map<String, Object> balances = new LinkedHashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = "verify-" + context.runId() + "-a" + i;
            long balance = 50 + random.nextInt(101);
            Http.Response response = context.http().send("POST", context.gateway() + "/api/accounts",
                    Http.json(Map.of("id", id, "balance", balance)), Map.of());
            if (response.status() != 201) {
                throw new IOException("creating account " + id + " got " + response.status() + ": "
                        + response.body());
            }
            accounts.add(id);
            balances.put(id, balance);
        }
        Op open = context.recorder().invoke(finalProcess, "open", Map.of("balances", balances));
        context.recorder().ok(open, Map.of("balances", balances), null);
        // what earlier runs left unfinished is not this run's doing: the final count leaves it out
        for (Instance coordinator : context.topology().withRole(Instance.Role.COORDINATOR)) {
            earlier.addAll(transactions(coordinator.url(), "PREPARING"));
            earlier.addAll(transactions(coordinator.url(), "HEURISTIC"));
        }
    }

    @Override
    public List<Runnable> clients(Deadline deadline) {
        List<Runnable> clients = new ArrayList<>();
        for (int i = 0; i < context.concurrency(); i++) {
            int process = newProcess();
            Random random = context.random(name(), i);
            clients.add(() -> {
                for (int n = 0; deadline.running(); n++) {
                    int choice = random.nextInt(100);
                    if (choice < 55) {
                        transfer(process, random, n);
                    } else if (choice < 65) {
                        transaction(process, random, n);
                    } else if (choice < 85) {
                        read(process, "read");
                    } else {
                        readOne(process, accounts.get(random.nextInt(ACCOUNTS)));
                    }
                    backOffIfUnavailable();
                }
            });
        }
        return clients;
    }

    private void transfer(int process, Random random, int n) {
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + random.nextInt(40);
        String key = key(process, n);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("key", key);
        value.put("from", accounts.get(from));
        value.put("to", accounts.get(to));
        value.put("amount", amount);
        String body = Http.json(Map.of("from", accounts.get(from), "to", accounts.get(to), "amount", amount));
        send(process, "transfer", value, "/api/transfers", body, key);
    }

    private void transaction(int process, Random random, int n) {
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < 3) {
            int a = random.nextInt(ACCOUNTS);
            if (!picked.contains(a)) {
                picked.add(a);
            }
        }
        long d1 = 1 + random.nextInt(30);
        long d2 = 1 + random.nextInt(30);
        List<Map<String, Object>> operations = List.of(
                Map.of("account", accounts.get(picked.get(0)), "delta", -d1),
                Map.of("account", accounts.get(picked.get(1)), "delta", -d2),
                Map.of("account", accounts.get(picked.get(2)), "delta", d1 + d2));
        String key = key(process, n);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("key", key);
        value.put("operations", operations);
        send(process, "transaction", value, "/api/transactions", Http.json(Map.of("operations", operations)), key);
    }

    private String key(int process, int n) {
        return "verify-" + context.runId() + "-p" + process + "-" + n;
    }

    private void send(int process, String f, Map<String, Object> value, String path, String body, String key) {
        Op invoke = context.recorder().invoke(process, f, value);
        try {
            Http.Response response = context.http().send("POST", context.gateway() + path, body,
                    Map.of("Idempotency-Key", key));
            JsonNode json = safeJson(response);
            Map<String, Object> result = new LinkedHashMap<>(value);
            String txId = json.path("transactionId").asString(null);
            if (txId != null) {
                result.put("txId", txId);
            }
            OpType type = outcome(response, json);
            if (type == OpType.FAIL) {
                result.put("reason", json.path("reason").asString("HTTP " + response.status()));
            }
            if (type == OpType.INFO) {
                unknowns.add(new Unknown(key, path, body));
            }
            context.recorder().complete(invoke, type, result, response.instance(),
                    type == OpType.OK ? null : "HTTP " + response.status() + " " + detail(json));
        } catch (IOException e) {
            unknowns.add(new Unknown(key, path, body));
            context.recorder().info(invoke, value, null, describe(e));
        }
    }

    /**
     * 201 took effect; an answer that says ABORTED, or any other 4xx (bad input, unknown account), certainly
     * did not, nor did a 503 the gateway gave itself ({@link Http.Response#notSent}): it answers 503 only when
     * it had no coordinator to send the request to. Everything else (503 UNKNOWN, the gateway's 502 and 504 after
     * the request may have left, other 5xx) may or may not have taken effect.
     */
    static OpType outcome(Http.Response response, JsonNode json) {
        int status = response.status();
        if (status == 201) {
            return OpType.OK;
        }
        if (response.notSent()) {
            return OpType.FAIL;
        }
        String txStatus = json.path("transactionStatus").asString("");
        if (txStatus.equals("ABORTED")) {
            return OpType.FAIL;
        }
        if (status >= 400 && status < 500 && !txStatus.equals("UNKNOWN")) {
            return OpType.FAIL;
        }
        return OpType.INFO;
    }

    private void read(int process, String f) {
        Op invoke = context.recorder().invoke(process, f, null);
        try {
            Http.Response response = context.http().get(context.gateway() + "/api/accounts");
            if (response.status() != 200) {
                context.recorder().fail(invoke, null, response.instance(), "HTTP " + response.status());
                return;
            }
            context.recorder().ok(invoke, snapshot(response.json()), response.instance());
        } catch (IOException e) {
            context.recorder().fail(invoke, null, null, describe(e)); // a read changes nothing
        }
    }

    /** Our accounts from a consistent snapshot, and their sum (other runs' accounts are left out). */
    private Map<String, Object> snapshot(JsonNode json) {
        Map<String, Object> balances = new LinkedHashMap<>();
        long total = 0;
        for (JsonNode account : json.path("accounts")) {
            String id = account.path("id").asString();
            if (accounts.contains(id)) {
                long balance = account.path("balance").asLong();
                balances.put(id, balance);
                total += balance;
            }
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("balances", balances);
        value.put("total", total);
        return value;
    }

    private void readOne(int process, String account) {
        Op invoke = context.recorder().invoke(process, "read-one", Map.of("account", account));
        try {
            Http.Response response = context.http().get(context.gateway() + "/api/accounts/" + account);
            if (response.status() != 200) {
                context.recorder().fail(invoke, invoke.value(), response.instance(), "HTTP " + response.status());
                return;
            }
            context.recorder().ok(invoke, Map.of("account", account, "balance",
                    response.json().path("balance").asLong()), response.instance());
        } catch (IOException e) {
            context.recorder().fail(invoke, invoke.value(), null, describe(e));
        }
    }

    @Override
    public void finish() {
        long allUntil = System.nanoTime() + RESOLVE_TOTAL_MS * 1_000_000;
        for (Unknown unknown : unknowns) {
            resolve(unknown, Math.min(allUntil, System.nanoTime() + RESOLVE_PER_KEY_MS * 1_000_000));
        }
        finalRead();
        finalPending();
    }

    /** Repeats the request with its Idempotency-Key until the answer is final, or records it as still unknown. */
    private void resolve(Unknown unknown, long untilNanos) {
        Op invoke = context.recorder().invoke(finalProcess, "resolve", Map.of("key", unknown.key()));
        String last = "no attempt";
        do {
            try {
                Http.Response response = context.http().send("POST", context.gateway() + unknown.path(),
                        unknown.body(), Map.of("Idempotency-Key", unknown.key()));
                JsonNode json = safeJson(response);
                OpType type = outcome(response, json);
                // the gateway's own 503 says this retry was not sent (no coordinator in rotation yet), nothing
                // about the first attempt: ask again
                if (type != OpType.INFO && !response.notSent()) {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("key", unknown.key());
                    value.put("status", type == OpType.OK ? "COMMITTED" : "ABORTED");
                    context.recorder().ok(invoke, value, response.instance());
                    return;
                }
                last = "HTTP " + response.status() + " " + detail(json);
            } catch (IOException e) {
                last = describe(e);
            }
            pause(500);
        } while (System.nanoTime() < untilNanos && !Thread.currentThread().isInterrupted());
        context.recorder().info(invoke, Map.of("key", unknown.key()), null, "still not final: " + last);
    }

    private void finalRead() {
        Op invoke = context.recorder().invoke(finalProcess, "final-read", null);
        long until = System.nanoTime() + FINAL_MS * 1_000_000;
        String last = "no attempt";
        do {
            try {
                Http.Response response = context.http().get(context.gateway() + "/api/accounts");
                if (response.status() == 200) {
                    context.recorder().ok(invoke, snapshot(response.json()), response.instance());
                    return;
                }
                last = "HTTP " + response.status();
            } catch (IOException e) {
                last = describe(e);
            }
            pause(500);
        } while (System.nanoTime() < until && !Thread.currentThread().isInterrupted());
        context.recorder().fail(invoke, null, null, last);
    }

    /**
     * Asks every coordinator for its PREPARING and HEURISTIC transactions, polling while some are still being
     * finished by recovery, and records the last count.
     */
    private void finalPending() {
        Op invoke = context.recorder().invoke(finalProcess, "final-pending", null);
        long until = System.nanoTime() + FINAL_MS * 1_000_000;
        String error = null;
        Map<String, Object> seen = null;
        do {
            try {
                List<String> preparing = new ArrayList<>();
                List<String> heuristic = new ArrayList<>();
                for (Instance coordinator : context.topology().withRole(Instance.Role.COORDINATOR)) {
                    preparing.addAll(transactions(coordinator.url(), "PREPARING"));
                    heuristic.addAll(transactions(coordinator.url(), "HEURISTIC"));
                }
                preparing.removeAll(earlier);
                heuristic.removeAll(earlier);
                List<String> ids = new ArrayList<>(preparing);
                ids.addAll(heuristic);
                seen = new LinkedHashMap<>();
                seen.put("preparing", (long) preparing.size());
                seen.put("heuristic", (long) heuristic.size());
                seen.put("ids", ids);
                error = null;
                if (ids.isEmpty()) {
                    break;
                }
            } catch (IOException e) {
                error = describe(e);
            }
            pause(1_000);
        } while (System.nanoTime() < until && !Thread.currentThread().isInterrupted());
        if (seen == null || error != null) {
            context.recorder().fail(invoke, null, null, error);
        } else {
            context.recorder().ok(invoke, seen, null);
        }
    }

    private List<String> transactions(String coordinatorUrl, String status) throws IOException {
        Http.Response response = context.http().get(coordinatorUrl + "/api/transactions?status=" + status
                + "&limit=1000");
        if (response.status() != 200) {
            throw new IOException(coordinatorUrl + " answered " + response.status() + " to the " + status + " list");
        }
        JsonNode json = response.json();
        JsonNode list = json.isArray() ? json : json.path("transactions");
        List<String> ids = new ArrayList<>();
        for (JsonNode tx : list) {
            ids.add(tx.path("id").asString());
        }
        return ids;
    }

    static JsonNode safeJson(Http.Response response) {
        try {
            return response.json();
        } catch (RuntimeException e) {
            return Http.JSON.missingNode(); // a body that is not JSON (a proxy's error page) says nothing
        }
    }

    static String detail(JsonNode json) {
        return json.path("detail").asString(json.path("title").asString(""));
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
