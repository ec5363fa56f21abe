package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import dev.distlab.configclient.ConfigKeys;
import dev.distlab.paxos.kv.KvCommand;
import tools.jackson.databind.JsonNode;

/**
 * The platform's own keyspace ({@link ConfigKeys#RESERVED_PREFIXES}) is written only with the cluster token:
 * without it (or with a wrong one) a PUT or DELETE is 403 and never reaches the store; with it the store works as
 * for any key. Reads stay public.
 */
@TestPropertySource(properties = "platform.cluster-token=" + ReservedKeysTest.TOKEN)
class ReservedKeysTest extends ConfigApiTestBase {

    static final String TOKEN = "reserved-keys-test-token";

    static Stream<Arguments> reservedKeysAndMethods() {
        return Stream.of("tx/0b7f/decision", "bank/accounts/alice", "bank/idempotency/k-1",
                "gateway/balancers/participant-service", "platform/anything", "tx")
                .flatMap(key -> Stream.of("PUT", "DELETE").map(method -> Arguments.of(key, method)));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("reservedKeysAndMethods")
    void writingAReservedKeyWithoutTheTokenIs403AndChangesNothing(String key, String method) {
        store.apply(KvCommand.put(key, "original"));
        int writes = store.writeCount();

        JsonNode problem = assertProblem(send(write(method, key)), 403);

        assertThat(problem.path("detail").asString()).contains("'" + ConfigKeys.reservedPrefix(key) + "'")
                .contains("cluster token").contains("Authorization: Bearer").doesNotContain(TOKEN);
        assertThat(store.writeCount()).as("the write never reached the store").isEqualTo(writes);
        assertEntry(get("/api/config/" + key), 200, key, "original", 1, 1, 1);
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("reservedKeysAndMethods")
    void writingAReservedKeyWithAWrongTokenIs403AndChangesNothing(String key, String method) {
        store.apply(KvCommand.put(key, "original"));
        int writes = store.writeCount();

        for (String authorization : new String[] { "Bearer wrong", "Bearer " + TOKEN + "x", "Bearer",
                "bearer " + TOKEN, TOKEN, "Basic " + TOKEN }) {
            assertProblem(send(write(method, key).header("Authorization", authorization)), 403);
        }

        assertThat(store.writeCount()).isEqualTo(writes);
        assertEntry(get("/api/config/" + key), 200, key, "original", 1, 1, 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tx/0b7f/decision", "bank/accounts/alice", "bank/idempotency/k-1",
            "gateway/balancers/participant-service", "platform/anything" })
    void withTheTokenReservedKeysAreWrittenAsAnyOther(String key) {
        assertEntry(send(withToken(write("PUT", key))), 201, key, "v", 1, 1, 1);
        assertEntry(send(withToken(write("PUT", key))), 200, key, "v", 2, 1, 2);
        HttpResponse<String> deleted = send(withToken(write("DELETE", key)));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertProblem(get("/api/config/" + key), 404);
    }

    @Test
    void preconditionsStillApplyWithTheToken() {
        assertEntry(send(withToken(write("PUT", "tx/t1/decision")).header("If-None-Match", "*")), 201,
                "tx/t1/decision", "v", 1, 1, 1);
        assertProblem(send(withToken(write("PUT", "tx/t1/decision")).header("If-None-Match", "*")), 412);
        assertProblem(send(withToken(write("DELETE", "tx/t1/decision")).header("If-Match", "\"9\"")), 412);
    }

    @Test
    void theTokenIsCheckedBeforeAPreconditionOrTheBody() {
        int writes = store.writeCount();
        assertProblem(send(write("PUT", "tx/t1/decision").header("If-None-Match", "*")), 403);
        assertProblem(send(write("DELETE", "bank/accounts/a").header("If-Match", "\"0\"")), 403);
        assertProblem(send(request("PUT", "/api/config/tx/t1/decision", "{\"value\": 7}")), 403);
        assertThat(store.writeCount()).isEqualTo(writes);
    }

    @Test
    void aPercentEncodedReservedKeyIsStillReserved() {
        assertProblem(send(request("PUT", "/api/config/t%78/t1/decision", body("COMMIT"))), 403);
        assertProblem(send(request("PUT", "/api/config/%62ank/accounts/x", body("participant-1"))), 403);
        assertProblem(get("/api/config/tx/t1/decision"), 404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "app/db/url", "txx/a", "bankx", "gatewayx/balancers/p", "platform-2/x", "my/tx/a",
            "TX/a", "Bank/accounts/a" })
    void keysOutsideTheReservedPrefixesStayPublic(String key) {
        assertThat(ConfigKeys.reservedPrefix(key)).isNull();
        assertEntry(put(key, "v"), 201, key, "v", 1, 1, 1);
        assertThat(delete(key).statusCode()).isEqualTo(204);
    }

    @Test
    void readsOfReservedKeysStayPublic() {
        store.apply(KvCommand.put("tx/t1/decision", "COMMIT"));
        assertEntry(get("/api/config/tx/t1/decision"), 200, "tx/t1/decision", "COMMIT", 1, 1, 1);
        HttpResponse<String> list = get("/api/config?prefix=tx/");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).path("entries")).hasSize(1);
        HttpResponse<String> watch = get("/api/watch?prefix=tx/&afterRevision=0&timeout=0");
        assertThat(watch.statusCode()).isEqualTo(200);
        assertThat(json(watch).path("events")).hasSize(1);
    }

    private java.net.http.HttpRequest.Builder write(String method, String key) {
        return request(method, "/api/config/" + key, method.equals("PUT") ? body("v") : null);
    }

    private static java.net.http.HttpRequest.Builder withToken(java.net.http.HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + TOKEN);
    }
}
