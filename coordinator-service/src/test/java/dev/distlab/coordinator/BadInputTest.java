package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;
import dev.distlab.coordinator.support.FakeParticipant;

/** Bad input is a 400 problem, and nothing is sent to the participants or written to the store. */
class BadInputTest {

    @TempDir
    static Path dataDir;

    static FakeCluster cluster;
    static Coordinator coordinator;
    static Api api;

    @BeforeAll
    static void start() {
        cluster = new FakeCluster(2);
        coordinator = Coordinator.start(dataDir, cluster);
        api = coordinator.api();
    }

    @AfterAll
    static void stop() {
        coordinator.close();
        cluster.close();
    }

    @BeforeEach
    void reset() {
        cluster.reset();
        cluster.account("alice", 50, 1);
        cluster.account("bob", 50, 2);
        cluster.store().clearRequests();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"from\":\"alice\",\"to\":\"alice\",\"amount\":1}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":0}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":-1}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1000000000001}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1.5}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1\"}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":99999999999999999999999}",
            "{\"from\":\"alice\",\"to\":\"bob\"}",
            "{\"from\":\"alice\",\"amount\":1}",
            "{\"from\":\"bad id!\",\"to\":\"bob\",\"amount\":1}",
            "{\"from\":\"alice\",\"to\":\"" + "x" + "0123456789012345678901234567890123456789012345678901234567890123"
                    + "\",\"amount\":1}",
            "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1,\"memo\":\"x\"}",
            "{\"from\":\"alice\",\"to\":",
            "[]",
            "null",
            "" })
    void shouldRefuseABadTransferAndSendNothing(String body) {
        assertBad(api.post("/api/transfers", body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"operations\":[]}",
            "{}",
            "{\"operations\":null}",
            "{\"operations\":[null]}",
            "{\"operations\":[{\"account\":\"alice\",\"delta\":1},{\"account\":\"alice\",\"delta\":-1}]}",
            "{\"operations\":[{\"account\":\"alice\",\"delta\":0}]}",
            "{\"operations\":[{\"account\":\"alice\"}]}",
            "{\"operations\":[{\"account\":\"alice\",\"delta\":-1000000000001}]}",
            "{\"operations\":[{\"account\":\"\",\"delta\":1}]}",
            "{\"operations\":[{\"account\":\"alice\",\"delta\":1,\"note\":1}]}" })
    void shouldRefuseABadTransactionAndSendNothing(String body) {
        assertBad(api.post("/api/transactions", body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"bad id!\",\"balance\":1}",
            "{\"id\":\"neg\",\"balance\":-1}",
            "{\"id\":\"huge\",\"balance\":1000000000000001}",
            "{\"id\":\"x\",\"balance\":1,\"extra\":1}",
            "{\"id\":\"x\"}",
            "{\"balance\":1}" })
    void shouldRefuseABadAccountAndSendNothing(String body) {
        assertBad(api.post("/api/accounts", body));
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
        for (FakeParticipant p : cluster.participants()) {
            assertThat(p.requests()).as("nothing sent to %s", p.id()).isEmpty();
        }
        assertThat(cluster.store().requests()).as("nothing asked of the store").isEmpty();
        assertThat(cluster.participant(1).balance("alice")).isEqualTo(50);
    }
}
