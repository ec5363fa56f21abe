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
        assertThat(api.get("/api/transactions?limit=1000").status()).isEqualTo(200);
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
        }
        assertThat(bank.store().requests()).as("nothing asked of the store").isEmpty();
        assertThat(bank.participant(1).balance("alice")).isEqualTo(50);
    }
}
