package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/** The bank as the end-to-end tests use it: public API calls, and internal views of the participants. */
final class Bank {

    /** The answer to a transfer: HTTP status and body (null when the connection broke). */
    record Outcome(int httpStatus, JsonNode body) {

        static final Outcome NO_ANSWER = new Outcome(-1, null);

        String transactionId() {
            return body == null ? null : body.path("transactionId").asString(null);
        }

        /** COMMITTED, ABORTED, UNKNOWN, or null when no transaction status was given. */
        String status() {
            if (body == null) {
                return null;
            }
            String status = body.path("transactionStatus").asString(null);
            return status != null ? status : body.path("status").isString() ? body.path("status").asString() : null;
        }

        boolean isFinal() {
            return "COMMITTED".equals(status()) || "ABORTED".equals(status());
        }
    }

    private final LocalCluster cluster;

    Bank(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates an account through {@code baseUrl}; returns the participant that owns it. */
    String createAccount(String baseUrl, String id, long balance) {
        HttpResponse<String> response = Http.send("POST", baseUrl + "/api/accounts",
                "{\"id\":\"" + id + "\",\"balance\":" + balance + "}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Http.json(response).path("participant").asString();
    }

    /**
     * Creates accounts {@code prefix-0, prefix-1, ...} with {@code balance} until each of the given number of
     * participants owns one; returns participant → account id.
     */
    Map<String, String> accountPerParticipant(String prefix, long balance, int participants) {
        Map<String, String> owners = new HashMap<>();
        for (int n = 0; owners.size() < participants; n++) {
            assertThat(n).as("placement never reached %d participants", participants).isLessThan(60);
            String id = prefix + "-" + n;
            String participant = createAccount(cluster.gatewayUrl(), id, balance);
            owners.putIfAbsent(participant, id);
        }
        return owners;
    }

    Outcome transfer(String baseUrl, String from, String to, long amount, String idempotencyKey) {
        return post(baseUrl + "/api/transfers",
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}", idempotencyKey);
    }

    Outcome post(String url, String body, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).POST(BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = Http.send(builder, null);
            JsonNode json = response.body().isEmpty() ? null : Http.json(response);
            return new Outcome(response.statusCode(), json);
        } catch (RuntimeException e) {
            return Outcome.NO_ANSWER; // connection refused or broken: the outcome is unknown
        }
    }

    /** Repeats a transfer with its idempotency key until its outcome is final (bounded). */
    Outcome resolve(String baseUrl, String from, String to, long amount, String key, Duration within) {
        return await(() -> transfer(baseUrl, from, to, amount, key), Outcome::isFinal, within,
                "transfer with key " + key + " to reach a final outcome");
    }

    long balance(String id) {
        HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/accounts/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("balance").asLong();
    }

    /** The consistent snapshot of every account, or null if the bank could not take one now. */
    JsonNode snapshot() {
        try {
            HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/accounts");
            return response.statusCode() == 200 ? Http.json(response) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    JsonNode transaction(String id) {
        HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/transactions/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    /** The locks a participant holds now: account → transaction id. */
    Map<String, String> locks(int participant) {
        HttpResponse<String> response = Http.send("GET", cluster.participantUrl(participant) + "/internal/bank/locks",
                null, cluster.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> locks = new HashMap<>();
        for (JsonNode lock : Http.json(response).path("locks")) {
            locks.put(lock.path("account").asString(), lock.path("txId").asString());
        }
        return locks;
    }

    /** Every lock held by any participant, named {@code participant-i/account}. */
    Map<String, String> allLocks() {
        Map<String, String> all = new HashMap<>();
        for (int i = 1; i <= LocalCluster.PARTICIPANTS; i++) {
            int p = i;
            locks(i).forEach((account, tx) -> all.put("participant-" + p + "/" + account, tx));
        }
        return all;
    }

    /** The branch of a transaction at one participant: its state, or null if it never heard of it. */
    String branchState(int participant, String txId) {
        HttpResponse<String> response = Http.send("GET",
                cluster.participantUrl(participant) + "/internal/bank/transactions/" + txId, null, cluster.token());
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("state").asString();
    }

    /** Arms a crash point in the instance at {@code baseUrl}: it halts on the {@code hits}-th hit. */
    void armCrash(String baseUrl, String point, int hits) {
        HttpResponse<String> response = Http.send("POST", baseUrl + "/actuator/crashpoints/" + point,
                "{\"hits\":" + hits + "}", cluster.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        List<T> seen = new ArrayList<>();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (seen.size() < 3) {
                seen.add(value);
            }
            assertThat(System.nanoTime()).as("waited %s for %s; first values seen: %s", within, what, seen)
                    .isLessThan(deadline);
            Balancers.sleep(200);
        }
    }
}
