package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.configclient.Write;
import dev.distlab.configclient.WriteResult;
import dev.distlab.paxos.kv.KvCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /internal/config/batch}: every item is answered as its single PUT or DELETE would have been; bad input
 * refuses the whole request and writes nothing; the cluster token is required, as on every internal endpoint.
 */
@TestPropertySource(properties = "platform.cluster-token=" + ConfigBatchApiTest.TOKEN)
class ConfigBatchApiTest extends ConfigApiTestBase {

    static final String TOKEN = "config-batch-test-token";

    private HttpRequest.Builder batch(String body) {
        return request("POST", ConfigBatchController.PATH, body).header("Authorization", "Bearer " + TOKEN);
    }

    private static String items(String... items) {
        return "{\"items\":[" + String.join(",", items) + "]}";
    }

    private static String put(String key, String value, String condition) {
        return "{\"method\":\"PUT\",\"key\":\"" + key + "\",\"value\":\"" + value + "\""
                + (condition == null ? "" : "," + condition) + "}";
    }

    private static String delete(String key, String condition) {
        return "{\"method\":\"DELETE\",\"key\":\"" + key + "\"" + (condition == null ? "" : "," + condition) + "}";
    }

    private static JsonNode results(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).path("results");
    }

    @Test
    void everyItemIsAnsweredAsItsSingleRequestWouldHaveBeen() {
        long existing = store.apply(KvCommand.put("tx/t-1/decision", "ABORT")).revision();
        store.apply(KvCommand.put("app/replace", "old"));
        store.apply(KvCommand.put("app/doomed", "x"));
        store.apply(KvCommand.put("app/kept", "y"));

        JsonNode results = results(send(batch(items(
                put("tx/t-2/decision", "COMMIT", "\"ifNoneMatch\":\"*\""),
                put("tx/t-1/decision", "COMMIT", "\"ifNoneMatch\":\"*\""),
                put("app/replace", "new", "\"ifMatch\":2"),
                put("app/replace-wrong", "new", "\"ifMatch\":99"),
                delete("app/doomed", null),
                delete("app/absent", null),
                delete("app/kept", "\"ifMatch\":1"),
                put("app/never", "v", "\"ifMatch\":0")))));

        assertThat(results).hasSize(8);
        assertThat(results).extracting(r -> r.path("key").asString()).containsExactly("tx/t-2/decision",
                "tx/t-1/decision", "app/replace", "app/replace-wrong", "app/doomed", "app/absent", "app/kept",
                "app/never");
        assertThat(results).extracting(r -> r.path("status").asInt())
                .containsExactly(201, 412, 200, 412, 204, 404, 412, 412);
        JsonNode created = results.get(0).path("body");
        assertThat(created.path("value").asString()).isEqualTo("COMMIT");
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(results.get(0).path("revision").asLong()).isEqualTo(created.path("modRevision").asLong());
        JsonNode refused = results.get(1).path("body");
        assertThat(refused.path("status").asInt()).isEqualTo(412);
        assertThat(refused.path("modRevision").asLong()).as("the winner's modRevision").isEqualTo(existing);
        assertThat(refused.path("detail").asString()).contains("already exists");
        assertThat(refused.path("instance").asString()).isEqualTo("/api/config/tx/t-1/decision");
        assertThat(refused.toString()).as("the whole problem, as the single PUT's").isEqualTo("{\"type\":"
                + "\"urn:problem:precondition-failed\",\"title\":\"Precondition Failed\",\"status\":412,\"detail\":"
                + "\"Config entry 'tx/t-1/decision' already exists (If-None-Match: *)\",\"instance\":"
                + "\"/api/config/tx/t-1/decision\",\"modRevision\":" + existing + "}");
        assertThat(results.get(2).path("body").path("value").asString()).isEqualTo("new");
        assertThat(results.get(2).path("body").path("version").asLong()).isEqualTo(2);
        assertThat(results.get(4).path("body").isNull()).as("a 204 has no body").isTrue();
        assertThat(results.get(4).path("revision").asLong()).isPositive();
        assertThat(results.get(5).path("body").path("detail").asString()).contains("No config entry 'app/absent'");
        assertThat(results.get(5).path("body").toString()).as("the whole problem, as the single DELETE's")
                .isEqualTo("{\"type\":\"urn:problem:not-found\",\"title\":\"Not Found\",\"status\":404,\"detail\":"
                        + "\"No config entry 'app/absent'\",\"instance\":\"/api/config/app/absent\"}");
        assertThat(results.get(6).path("body").path("modRevision").asLong()).isEqualTo(4);

        assertEntry(get("/api/config/tx/t-1/decision"), 200, "tx/t-1/decision", "ABORT", 1, 1, 1);
        assertThat(json(get("/api/config/tx/t-2/decision")).path("value").asString()).isEqualTo("COMMIT");
        assertThat(json(get("/api/config/app/replace")).path("value").asString()).isEqualTo("new");
        assertProblem(get("/api/config/app/doomed"), 404);
        assertThat(json(get("/api/config/app/kept")).path("value").asString()).isEqualTo("y");
        assertProblem(get("/api/config/app/never"), 404);
        assertProblem(get("/api/config/app/replace-wrong"), 404);
    }

    @Test
    void theConfigClientsBatchIsUnderstoodAndReadBackItemByItem() {
        long existing = store.apply(KvCommand.put("tx/t-1/decision", "ABORT")).revision();
        try (ConfigClient client = ConfigClient.builder().replica("http://127.0.0.1:" + port).token(TOKEN).build()) {
            List<WriteResult> results = client.writeAll(List.of(Write.putIfAbsent("tx/t-1/decision", "COMMIT"),
                    Write.putIfAbsent("tx/t-2/decision", "COMMIT"), Write.delete("app/absent")));

            assertThatThrownBy(() -> results.get(0).entry()).isInstanceOfSatisfying(
                    PreconditionFailedException.class, e -> assertThat(e.currentModRevision()).hasValue(existing));
            assertThat(results.get(1).created()).isTrue();
            assertThat(results.get(1).entry().value()).isEqualTo("COMMIT");
            assertThat(results.get(2).deleted()).isFalse();
        }
    }

    @Test
    void writesOfTheSameKeyApplyInItemOrder() {
        JsonNode results = results(send(batch(items(put("app/k", "1", null), put("app/k", "2", "\"ifMatch\":1"),
                delete("app/k", null), put("app/k", "3", "\"ifNoneMatch\":\"*\"")))));

        assertThat(results).extracting(r -> r.path("status").asInt()).containsExactly(201, 200, 204, 201);
        assertThat(json(get("/api/config/app/k")).path("value").asString()).isEqualTo("3");
    }

    @Test
    void withoutTheClusterTokenNothingIsWrittenReservedKeyOrNot() {
        int writes = store.writeCount();
        String body = items(put("tx/t-1/decision", "COMMIT", "\"ifNoneMatch\":\"*\""), put("app/a", "v", null));
        for (String authorization : new String[] { null, "Bearer wrong", TOKEN }) {
            HttpRequest.Builder request = request("POST", ConfigBatchController.PATH, body);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            assertProblem(send(request), 401);
        }
        assertThat(store.writeCount()).isEqualTo(writes);
        assertProblem(get("/api/config/tx/t-1/decision"), 404);
        assertProblem(get("/api/config/app/a"), 404);

        assertThat(results(send(batch(body)))).as("the same batch with the token")
                .extracting(r -> r.path("status").asInt()).containsExactly(201, 201);
    }

    static Stream<String> invalidItems() {
        return Stream.of(
                "{\"method\":\"PATCH\",\"key\":\"app/b\",\"value\":\"v\"}",
                "{\"key\":\"app/b\",\"value\":\"v\"}",
                put("a//b", "v", null),
                put("a/../b", "v", null),
                "{\"method\":\"PUT\",\"key\":\"app/b\"}",
                "{\"method\":\"PUT\",\"key\":\"app/b\",\"value\":7}",
                "{\"method\":\"PUT\",\"key\":\"app/b\",\"value\":null}",
                "{\"method\":\"PUT\",\"key\":\"app/b\",\"value\":\"\\ud800\"}",
                put("app/b", "v", "\"ifMatch\":-1"),
                put("app/b", "v", "\"ifMatch\":1.5"),
                put("app/b", "v", "\"ifMatch\":\"3\""),
                put("app/b", "v", "\"ifNoneMatch\":\"x\""),
                put("app/b", "v", "\"ifMatch\":1,\"ifNoneMatch\":\"*\""),
                "{\"method\":\"DELETE\",\"key\":\"app/b\",\"value\":\"v\"}",
                delete("app/b", "\"ifNoneMatch\":\"*\""),
                put("app/b", "v", "\"extra\":1"),
                "null");
    }

    @ParameterizedTest
    @MethodSource("invalidItems")
    void anInvalidItemRefusesTheWholeBatchAndNothingIsWritten(String invalid) {
        store.apply(KvCommand.put("app/existing", "v"));
        int writes = store.writeCount();

        JsonNode problem = assertProblem(send(batch(items(put("app/a", "v", null), delete("app/existing", null),
                invalid))), 400);

        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(store.writeCount()).as("no write reached the store").isEqualTo(writes);
        assertProblem(get("/api/config/app/a"), 404);
        assertEntry(get("/api/config/app/existing"), 200, "app/existing", "v", 1, 1, 1);
    }

    @Test
    void aRefusalNamesEveryInvalidItemByItsPlace() {
        JsonNode problem = assertProblem(send(batch(items(put("app/a", "v", null), put("a//b", "v", null),
                "{\"method\":\"PUT\",\"key\":\"app/c\",\"value\":7}"))), 400);

        assertThat(problem.path("errors")).extracting(e -> e.path("field").asString())
                .containsExactly("items[1].key", "items[2].value");
        assertThat(problem.path("detail").asString()).contains("[A-Za-z0-9._~:/-]").contains("JSON string");
    }

    @Test
    void moreThanTheMaximumOrNoItemsOrAMalformedBodyIsRefused() {
        String[] many = new String[ConfigBatchRequests.MAX_ITEMS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = put("app/many/" + i, "v", null);
        }
        int writes = store.writeCount();

        JsonNode tooMany = assertProblem(send(batch(items(many))), 400);
        assertThat(tooMany.path("detail").asString()).contains("1 to 256");
        assertProblem(send(batch(items())), 400);
        assertProblem(send(batch("{}")), 400);
        assertProblem(send(batch("{\"items\":[" + put("app/a", "v", null))), 400);
        assertProblem(send(batch("[" + put("app/a", "v", null) + "]")), 400);
        assertThat(store.writeCount()).isEqualTo(writes);

        String[] most = java.util.Arrays.copyOf(many, ConfigBatchRequests.MAX_ITEMS);
        assertThat(results(send(batch(items(most))))).hasSize(ConfigBatchRequests.MAX_ITEMS)
                .allSatisfy(r -> assertThat(r.path("status").asInt()).isEqualTo(201));
    }

    @Test
    void withoutAMajorityTheWholeBatchIs503LikeASingleWrite() {
        store.setAvailable(false);

        HttpResponse<String> response = send(batch(items(put("app/a", "v", null), delete("app/b", null))));

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        store.setAvailable(true);
        assertProblem(get("/api/config/app/a"), 404);
    }
}
