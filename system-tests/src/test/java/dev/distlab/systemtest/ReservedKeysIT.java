package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The platform's own keyspace (tx/, bank/, gateway/, platform/) through the gateway: without the cluster token
 * nobody can forge a balancer setting, a 2PC decision, a shard-map entry or an idempotency record — every PUT and
 * DELETE there is 403 and changes nothing — while reads stay public, the token makes such a write work, and the
 * services themselves (which write with the token) still run transfers.
 */
class ReservedKeysIT extends ClusterTest {

    private static final String SETTING_KEY = "gateway/balancers/" + Balancers.PARTICIPANTS;
    private static final String WEIGHTED = "{\"policy\":\"weighted\",\"weights\":{\"participant-1\":9}}";

    private static Bank bank;

    @BeforeAll
    static void bankAndDefaults() {
        bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        balancers.reset();
    }

    @AfterAll
    static void defaults() {
        balancers.reset();
    }

    @Test
    void aBalancerSettingCannotBeForgedThroughTheStore() {
        String before = policyAndWeights();
        String storedBefore = Http.get(config(SETTING_KEY)).body();

        assertForbidden(Http.send("PUT", config(SETTING_KEY), value(WEIGHTED), null), "gateway/");
        assertForbidden(Http.send("PUT", config(SETTING_KEY), value(WEIGHTED), "not-the-token"), "gateway/");
        assertForbidden(Http.send("DELETE", config(SETTING_KEY), null, null), "gateway/");

        // a stored change reaches every gateway within a second: give a forged one twice that to show
        Balancers.sleep(2_000);
        assertThat(policyAndWeights()).isEqualTo(before);
        assertThat(Http.get(config(SETTING_KEY)).body()).as("the stored setting").isEqualTo(storedBefore);
    }

    @Test
    void aDecisionCannotBeForged() {
        String key = "tx/" + UUID.randomUUID() + "/decision";
        assertForbidden(Http.send("PUT", config(key), value("COMMIT"), null), "tx/");
        HttpRequest.Builder createOnly = HttpRequest.newBuilder(URI.create(config(key)))
                .PUT(HttpRequest.BodyPublishers.ofString(value("ABORT"))).header("Content-Type", "application/json")
                .header("If-None-Match", "*");
        assertForbidden(Http.send(createOnly, null), "tx/");
        assertForbidden(Http.send("DELETE", config(key), null, "not-the-token"), "tx/");
        assertThat(Http.get(config(key)).statusCode()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void theShardMapAndIdempotencyRecordsCannotBeForgedOrRemoved() {
        String account = bank.accountPerParticipant("reserved-" + suffix(), 10, 1).values().iterator().next();
        String shardKey = "bank/accounts/" + account;
        HttpResponse<String> entry = Http.get(config(shardKey));
        assertThat(entry.statusCode()).as("the shard map is public to read: " + entry.body()).isEqualTo(200);

        List<String> keys = List.of(shardKey, "bank/accounts/x-" + suffix(), "bank/idempotency/y-" + suffix());
        for (String key : keys) {
            assertForbidden(Http.send("PUT", config(key), value("participant-1"), null), "bank/");
            assertForbidden(Http.send("DELETE", config(key), null, null), "bank/");
            assertForbidden(Http.send("DELETE", config(key), null, "not-the-token"), "bank/");
        }
        assertThat(Http.get(config(shardKey)).body()).as("the account's entry is unchanged").isEqualTo(entry.body());
        assertThat(Http.get(config(keys.get(1))).statusCode()).isEqualTo(404);
        assertThat(Http.get(config(keys.get(2))).statusCode()).isEqualTo(404);
        assertThat(bank.balance(account)).isEqualTo(10);
    }

    @Test
    void withTheTokenAReservedWriteWorks() {
        String key = "platform/it/reserved-" + suffix();
        assertForbidden(Http.send("PUT", config(key), value("v"), null), "platform/");
        HttpResponse<String> created = Http.send("PUT", config(key), value("v"), cluster.token());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertForbidden(Http.send("DELETE", config(key), null, null), "platform/");
        assertThat(Http.send("GET", config(key), null, null).statusCode()).as("still there").isEqualTo(200);
        HttpResponse<String> deleted = Http.send("DELETE", config(key), null, cluster.token());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        HttpResponse<String> setting = Http.send("PUT", config(SETTING_KEY), value(WEIGHTED), cluster.token());
        assertThat(setting.statusCode()).as(setting.body()).isIn(200, 201);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!policyAndWeights().equals("weighted {participant-1=9, participant-2=1, participant-3=1}")) {
            assertThat(System.nanoTime()).as("the gateway applies a stored setting; it shows %s", policyAndWeights())
                    .isLessThan(deadline);
            Balancers.sleep(50);
        }
        balancers.reset();
    }

    @Test
    void theServicesStillWriteTheirStateWithTheToken() {
        Map<String, String> accounts = bank.accountPerParticipant("reserved-tx-" + suffix(), 100, 2);
        List<String> ids = new ArrayList<>(accounts.values());
        String idempotencyKey = "reserved-" + UUID.randomUUID();
        Bank.Outcome outcome = bank.transfer(cluster.gatewayUrl(), ids.get(0), ids.get(1), 7, idempotencyKey);
        assertThat(outcome.httpStatus()).as("%s", outcome.body()).isEqualTo(201);
        assertThat(outcome.status()).isEqualTo("COMMITTED");
        // the coordinator answers once the decision is durable and commits the branches after: a single
        // account's read may see the old balance for a moment (the consistent snapshot never shows it half done)
        Bank.await(() -> bank.balance(ids.get(0)), balance -> balance == 93, java.time.Duration.ofSeconds(10),
                "the debit of the committed transfer");
        Bank.await(() -> bank.balance(ids.get(1)), balance -> balance == 107, java.time.Duration.ofSeconds(10),
                "the credit of the committed transfer");
    }

    private static void assertForbidden(HttpResponse<String> response, String prefix) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(403);
        assertThat(problem.path("detail").asString()).contains("'" + prefix + "'").contains("cluster token")
                .doesNotContain(cluster.token());
    }

    private static String policyAndWeights() {
        JsonNode state = balancers.state(Balancers.PARTICIPANTS);
        Map<String, Integer> weights = new java.util.TreeMap<>();
        for (JsonNode instance : state.path("instances")) {
            weights.put(instance.path("id").asString(), instance.path("weight").asInt());
        }
        return state.path("policy").asString() + " " + weights;
    }

    private static String config(String key) {
        return cluster.gatewayUrl() + "/api/config/" + key;
    }

    /** {@code {"value": "<text>"}}, the text JSON-escaped. */
    private static String value(String text) {
        return Http.JSON.createObjectNode().put("value", text).toString();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
