package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.FakeParticipant;

/** Bad input is a 400 problem, and nothing is sent to the participants or asked of the store. */
class BadInputTest {

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2);

    final Api api = bank.api();

    @BeforeEach
    void accounts() {
        bank.cluster().account("alice", 50, 1);
        bank.cluster().account("bob", 50, 2);
        bank.store().clearRequests();
    }

    static Stream<Arguments> badBodies() {
        String transfers = "/api/transfers";
        String transactions = "/api/transactions";
        String accounts = "/api/accounts";
        return Stream.of(
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"alice\",\"amount\":1}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":0}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":-1}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1000000000001}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1.5}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1\"}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":99999999999999999999999}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\"}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"amount\":1}"),
                Arguments.of(transfers, "{\"from\":\"bad id!\",\"to\":\"bob\",\"amount\":1}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"" + "y".repeat(65) + "\",\"amount\":1}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1,\"memo\":\"x\"}"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":"),
                Arguments.of(transfers, "[]"),
                Arguments.of(transfers, "null"),
                Arguments.of(transfers, ""),
                Arguments.of(transactions, "{\"operations\":[]}"),
                Arguments.of(transactions, "{}"),
                Arguments.of(transactions, "{\"operations\":null}"),
                Arguments.of(transactions, "{\"operations\":[null]}"),
                Arguments.of(transactions,
                        "{\"operations\":[{\"account\":\"alice\",\"delta\":1},{\"account\":\"alice\",\"delta\":-1}]}"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":0}]}"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\"}]}"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":-1000000000001}]}"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"\",\"delta\":1}]}"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":1,\"note\":1}]}"),
                Arguments.of(accounts, "{\"id\":\"bad id!\",\"balance\":1}"),
                Arguments.of(accounts, "{\"id\":\"neg\",\"balance\":-1}"),
                Arguments.of(accounts, "{\"id\":\"huge\",\"balance\":1000000000000001}"),
                Arguments.of(accounts, "{\"id\":\"x\",\"balance\":1,\"extra\":1}"),
                Arguments.of(accounts, "{\"id\":\"x\"}"),
                Arguments.of(accounts, "{\"balance\":1}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyAndSendNothing(String path, String body) {
        assertBad(api.post(path, body));
    }

    /** Each rule of the request bodies: the field it refuses and a phrase of why, as detail and errors say. */
    static Stream<Arguments> ruleBreaches() {
        String transfers = "/api/transfers";
        String transactions = "/api/transactions";
        String accounts = "/api/accounts";
        String accountId = "must be an account id: 1-64 characters of [A-Za-z0-9_-]";
        String ok = "{\"account\":\"alice\",\"delta\":-1}";
        return Stream.of(
                Arguments.of(transfers, "{\"to\":\"bob\",\"amount\":1}", "from", accountId),
                Arguments.of(transfers, "{\"from\":\"bad id!\",\"to\":\"bob\",\"amount\":1}", "from", accountId),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"\",\"amount\":1}", "to", accountId),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"" + "y".repeat(65) + "\",\"amount\":1}", "to",
                        accountId),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\"}", "amount",
                        "is required: an integer number of minor units"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":null}", "amount",
                        "is required"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":0}", "amount",
                        "must be between 1 and 10^12"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1000000000001}", "amount",
                        "must be between 1 and 10^12"),
                Arguments.of(transfers, "{\"from\":\"alice\",\"to\":\"alice\",\"amount\":1}", "to",
                        "different account than 'from'"),
                Arguments.of(transactions, "{}", "operations", "is required: at least one"),
                Arguments.of(transactions, "{\"operations\":[]}", "operations", "is required: at least one"),
                Arguments.of(transactions, "{\"operations\":[" + (ok + ",").repeat(1000) + ok + "]}", "operations",
                        "has more than 1000 entries"),
                Arguments.of(transactions, "{\"operations\":[null]}", "operations[0]",
                        "must be an object {\"account\",\"delta\"}"),
                Arguments.of(transactions, "{\"operations\":[" + ok + ",null]}", "operations[1]", "must be an object"),
                Arguments.of(transactions, "{\"operations\":[{\"delta\":1}]}", "operations[0].account", accountId),
                Arguments.of(transactions, "{\"operations\":[" + ok + ",{\"account\":\"a b\",\"delta\":1}]}",
                        "operations[1].account", accountId),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\"}]}", "operations[0].delta",
                        "is required: a non-zero integer"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":0}]}",
                        "operations[0].delta", "must be non-zero and between -10^12 and 10^12"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":1000000000001}]}",
                        "operations[0].delta", "must be non-zero and between -10^12 and 10^12"),
                Arguments.of(transactions, "{\"operations\":[{\"account\":\"alice\",\"delta\":-1000000000001}]}",
                        "operations[0].delta", "must be non-zero and between -10^12 and 10^12"),
                Arguments.of(transactions, "{\"operations\":[" + ok + ",{\"account\":\"alice\",\"delta\":1}]}",
                        "operations[1].account", "'alice' appears more than once"),
                Arguments.of(accounts, "{\"balance\":1}", "id", accountId),
                Arguments.of(accounts, "{\"id\":\"" + "x".repeat(65) + "\",\"balance\":1}", "id", accountId),
                Arguments.of(accounts, "{\"id\":\"carol\"}", "balance", "is required: an integer number of minor units"),
                Arguments.of(accounts, "{\"id\":\"carol\",\"balance\":-1}", "balance", "must be between 0 and 10^15"),
                Arguments.of(accounts, "{\"id\":\"carol\",\"balance\":1000000000000001}", "balance",
                        "must be between 0 and 10^15"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ruleBreaches")
    void shouldNameTheRefusedFieldAndWhy(String path, String body, String field, String why) {
        Api.Response r = api.post(path, body);

        assertBad(r);
        assertNames(r, field, why);
    }

    @Test
    void shouldNameEveryRefusedField() {
        Api.Response r = api.post("/api/transfers", "{\"from\":\"\",\"to\":\"b c\",\"amount\":0}");

        assertBad(r);
        assertNames(r, "from", "must be an account id");
        assertNames(r, "to", "must be an account id");
        assertNames(r, "amount", "must be between 1 and 10^12");
        assertThat(r.body().get("errors")).hasSize(3);
    }

    @Test
    void shouldNameABadAccountIdInThePath() {
        Api.Response r = api.get("/api/accounts/" + "z".repeat(65));

        assertBad(r);
        assertNames(r, "id", "must be an account id");
    }

    @Test
    void shouldRefuseBadKeysIdsAndQueries() {
        String transfer = "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1}";
        assertBad(api.post("/api/transfers", transfer, "k".repeat(129)));
        assertBad(api.post("/api/transfers", transfer, ""));
        assertBad(api.get("/api/accounts/bad%20id"));
        assertBad(api.get("/api/transactions/not-a-uuid"));
        assertBad(api.get("/api/transactions?limit=0"));
        assertBad(api.get("/api/transactions?limit=1001"));
        assertBad(api.get("/api/transactions?limit=ten"));
        assertBad(api.get("/api/transactions?status=MAYBE"));
        assertThat(bank.api().get("/api/transactions?limit=1000").status()).isEqualTo(200);
    }

    @Test
    void shouldRequireTheTokenOnInternalEndpoints() {
        String id = UUID.randomUUID().toString();
        assertThat(api.get("/internal/bank/decisions/" + id).status()).isEqualTo(401);
        assertThat(api.get("/internal/bank/transactions/" + id).status()).isEqualTo(401);
        assertThat(api.internalGet("/internal/bank/transactions/" + id).status()).isEqualTo(404);
    }

    private static void assertBad(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        for (FakeParticipant p : bank.cluster().participants()) {
            assertThat(p.requests()).as("nothing sent to %s", p.id()).isEmpty();
            assertThat(p.balance("carol")).as("no account created at %s", p.id()).isNull();
        }
        assertThat(bank.store().requests()).as("nothing asked of the store").isEmpty();
        assertThat(bank.participant(1).balance("alice")).isEqualTo(50);
        assertThat(bank.api().get("/api/transactions?limit=1000").body().get("transactions")).as("no transaction recorded")
                .isEmpty();
    }

    /** The detail says "field: why", and the errors extension lists {field, message} for it. */
    private static void assertNames(Api.Response r, String field, String why) {
        assertThat(r.text("detail")).as("%s", r).contains(field + ": ").contains(why);
        assertThat(r.body().get("errors")).as("%s", r)
                .anySatisfy(e -> {
                    assertThat(e.get("field").asString()).isEqualTo(field);
                    assertThat(e.get("message").asString()).contains(why);
                });
    }
}
