package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The bank's public API end to end through the gateway: shapes, refusals, idempotency, bad input. */
class BankApiIT extends ClusterTest {

    private static Bank bank;

    @BeforeAll
    static void bank() {
        bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
    }

    @Test
    void shouldCommitATransactionAcrossEveryParticipantAndShowItsBranches() {
        Map<String, String> accounts = bank.accountPerParticipant("multi-" + suffix(), 100, 3);
        List<String> ids = new ArrayList<>(accounts.values());
        String body = "{\"operations\":[{\"account\":\"" + ids.get(0) + "\",\"delta\":-30},{\"account\":\""
                + ids.get(1) + "\",\"delta\":10},{\"account\":\"" + ids.get(2) + "\",\"delta\":20}]}";
        Bank.Outcome outcome = bank.post(cluster.gatewayUrl() + "/api/transactions", body, null);
        assertThat(outcome.httpStatus()).as("%s", outcome.body()).isEqualTo(201);
        assertThat(outcome.status()).isEqualTo("COMMITTED");

        JsonNode tx = bank.transaction(outcome.transactionId());
        assertThat(tx.path("status").asString()).isEqualTo("COMMITTED");
        assertThat(tx.path("branches")).hasSize(3);
        for (JsonNode branch : tx.path("branches")) {
            assertThat(branch.path("vote").asString()).isEqualTo("YES");
        }
        assertThat(bank.balance(ids.get(0))).isEqualTo(70);
        assertThat(bank.balance(ids.get(1))).isEqualTo(110);
        assertThat(bank.balance(ids.get(2))).isEqualTo(120);

        HttpResponse<String> list = Http.get(cluster.coordinatorUrl(1) + "/api/transactions?status=COMMITTED&limit=5");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    }

    @Test
    void shouldRefuseATransferTheSenderCannotAffordAndChangeNothing() {
        Map<String, String> accounts = bank.accountPerParticipant("poor-" + suffix(), 5, 2);
        String[] ids = accounts.values().toArray(String[]::new);
        Bank.Outcome outcome = bank.transfer(cluster.gatewayUrl(), ids[0], ids[1], 6, null);
        assertThat(outcome.httpStatus()).isEqualTo(422);
        assertThat(outcome.body().path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(outcome.body().path("transactionStatus").asString()).isEqualTo("ABORTED");
        assertThat(outcome.body().path("status").asInt()).isEqualTo(422);
        assertThat(outcome.transactionId()).isNotBlank();
        assertThat(bank.balance(ids[0])).isEqualTo(5);
        assertThat(bank.balance(ids[1])).isEqualTo(5);
        assertThat(bank.transaction(outcome.transactionId()).path("status").asString()).isEqualTo("ABORTED");
    }

    @Test
    void shouldApplyARetriedRequestOnceThroughEitherCoordinator() {
        Map<String, String> accounts = bank.accountPerParticipant("idem-" + suffix(), 100, 2);
        String[] ids = accounts.values().toArray(String[]::new);
        String key = "idem-" + UUID.randomUUID();
        Bank.Outcome first = bank.transfer(cluster.coordinatorUrl(1), ids[0], ids[1], 7, key);
        Bank.Outcome again = bank.transfer(cluster.coordinatorUrl(2), ids[0], ids[1], 7, key);
        Bank.Outcome third = bank.transfer(cluster.coordinatorUrl(1), ids[0], ids[1], 7, key);
        assertThat(first.httpStatus()).as("%s", first.body()).isEqualTo(201);
        assertThat(again.httpStatus()).isEqualTo(201);
        assertThat(again.transactionId()).isEqualTo(first.transactionId());
        assertThat(third.transactionId()).isEqualTo(first.transactionId());
        assertThat(bank.balance(ids[0])).isEqualTo(93);
        assertThat(bank.balance(ids[1])).isEqualTo(107);

        Bank.Outcome otherBody = bank.transfer(cluster.coordinatorUrl(2), ids[0], ids[1], 8, key);
        assertThat(otherBody.httpStatus()).isEqualTo(422);
        assertThat(bank.balance(ids[0])).isEqualTo(93);
    }

    @Test
    void shouldShowOneConsistentSortedSnapshot() {
        bank.accountPerParticipant("snap-" + suffix(), 1, 2);
        JsonNode snapshot = bank.snapshot();
        assertThat(snapshot).isNotNull();
        long sum = 0;
        String previous = "";
        for (JsonNode account : snapshot.path("accounts")) {
            assertThat(account.path("id").asString()).isGreaterThan(previous);
            previous = account.path("id").asString();
            sum += account.path("balance").asLong();
        }
        assertThat(snapshot.path("total").asLong()).isEqualTo(sum);
    }

    @Test
    void shouldRefuseBadInputWithProblemsAndChangeNothing() {
        Map<String, String> accounts = bank.accountPerParticipant("bad-" + suffix(), 50, 2);
        String[] ids = accounts.values().toArray(String[]::new);
        String gw = cluster.gatewayUrl();
        assertProblem(Http.send("POST", gw + "/api/accounts", "{\"id\":\"" + ids[0] + "\",\"balance\":1}", null), 409);
        assertProblem(Http.send("POST", gw + "/api/accounts", "{\"id\":\"bad id!\",\"balance\":1}", null), 400);
        assertProblem(Http.send("POST", gw + "/api/accounts", "{\"id\":\"neg-" + suffix() + "\",\"balance\":-1}",
                null), 400);
        assertProblem(Http.send("POST", gw + "/api/accounts",
                "{\"id\":\"huge-" + suffix() + "\",\"balance\":1000000000000001}", null), 400);
        assertProblem(Http.send("POST", gw + "/api/accounts", "{\"id\":\"x\",\"balance\":1,\"extra\":1}", null), 400);
        assertProblem(Http.get(gw + "/api/accounts/no-such-" + suffix()), 404);
        assertProblem(Http.get(gw + "/api/accounts/bad%20id"), 400);
        String[] transfers = {
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[0] + "\",\"amount\":1}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\",\"amount\":0}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\",\"amount\":1000000000001}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\",\"amount\":1.5}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\",\"amount\":\"1\"}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\"}",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"" + ids[1] + "\",\"amount\":1,\"memo\":\"x\"}",
                "{\"from\":\"" + ids[0] + "\",\"to\":",
                "[]" };
        for (String body : transfers) {
            assertProblem(Http.send("POST", gw + "/api/transfers", body, null), 400);
        }
        assertProblem(Http.send("POST", gw + "/api/transfers",
                "{\"from\":\"" + ids[0] + "\",\"to\":\"nobody-" + suffix() + "\",\"amount\":1}", null), 404);
        String[] transactions = {
                "{\"operations\":[]}",
                "{\"operations\":[{\"account\":\"" + ids[0] + "\",\"delta\":1},{\"account\":\"" + ids[0]
                        + "\",\"delta\":-1}]}",
                "{\"operations\":[{\"account\":\"" + ids[0] + "\",\"delta\":0}]}",
                "{\"operations\":[{\"account\":\"" + ids[0] + "\"}]}",
                "{}" };
        for (String body : transactions) {
            assertProblem(Http.send("POST", gw + "/api/transactions", body, null), 400);
        }
        assertProblem(Http.get(gw + "/api/transactions?limit=0"), 400);
        assertProblem(Http.get(gw + "/api/transactions?status=MAYBE"), 400);
        assertProblem(Http.get(gw + "/api/transactions/" + UUID.randomUUID()), 404);
        String longKey = "k".repeat(129);
        Bank.Outcome badKey = bank.transfer(gw, ids[0], ids[1], 1, longKey);
        assertThat(badKey.httpStatus()).isEqualTo(400);
        // the participants' internal endpoints are not reachable without the token
        assertThat(Http.send("POST", cluster.participantUrl(1) + "/internal/bank/transactions/" + UUID.randomUUID()
                + "/abort", null, null).statusCode()).isEqualTo(401);
        assertThat(bank.balance(ids[0])).isEqualTo(50);
        assertThat(bank.balance(ids[1])).isEqualTo(50);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
