package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class ConfigCrudTest extends ConfigApiTestBase {

    @Test
    void putCreatesWith201ThenReplacesWith200CountingVersionsAndRevisions() {
        HttpResponse<String> created = put("app/db/url", "jdbc:one");
        assertEntry(created, 201, "app/db/url", "jdbc:one", 1, 1, 1);
        assertThat(revisionHeader(created)).isEqualTo(1);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/config/app/db/url");

        put("app/other", "x");

        HttpResponse<String> replaced = put("app/db/url", "jdbc:two");
        assertEntry(replaced, 200, "app/db/url", "jdbc:two", 2, 1, 3);
        assertThat(revisionHeader(replaced)).isEqualTo(3);
    }

    @Test
    void getAnswersTheEntryWithEtagOfModRevisionAndTheStoreRevision() {
        put("svc/a", "1");
        put("svc/a", "2");
        put("svc/b", "3");
        HttpResponse<String> response = get("/api/config/svc/a");
        assertEntry(response, 200, "svc/a", "2", 2, 1, 2);
        assertThat(revisionHeader(response)).as("store revision, not the entry's").isEqualTo(3);
        assertThat(response.headers().firstValue("X-Instance-Id")).hasValue("participant-7");
    }

    @Test
    void getOfAnAbsentKeyIs404ProblemWithTheStoreRevision() {
        put("present", "1");
        HttpResponse<String> response = get("/api/config/absent/key");
        assertProblem(response, 404);
        assertThat(revisionHeader(response)).isEqualTo(1);
    }

    @Test
    void deleteAnswers204ThenTheKeyIsGoneAndASecondDeleteIs404() {
        put("to/delete", "v");
        HttpResponse<String> deleted = delete("to/delete");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(revisionHeader(deleted)).isEqualTo(2);
        assertProblem(get("/api/config/to/delete"), 404);
        HttpResponse<String> again = delete("to/delete");
        assertProblem(again, 404);
        assertThat(revisionHeader(again)).isEqualTo(2);
        assertEntry(put("to/delete", "new"), 201, "to/delete", "new", 1, 3, 3);
    }

    @Test
    void keysMayUseTheWholeAlphabetWithSlashesColonsAndTildes() {
        String key = "A-z_0.9~x:y/b-c/d.e";
        assertEntry(put(key, "v"), 201, key, "v", 1, 1, 1);
        assertEntry(get("/api/config/" + key), 200, key, "v", 1, 1, 1);
        String longest = "k".repeat(512);
        assertEntry(put(longest, "v"), 201, longest, "v", 1, 2, 2);
    }

    @Test
    void percentEncodedAllowedCharactersNameTheSameKey() {
        put("a:b/c~d", "v");
        assertEntry(get("/api/config/a%3Ab/c%7Ed"), 200, "a:b/c~d", "v", 1, 1, 1);
    }

    @Test
    void valuesKeepUnicodeAndEmptyStrings() {
        assertEntry(put("u", "grüße € 😀 \"q\" \\ \n"), 201, "u", "grüße € 😀 \"q\" \\ \n", 1, 1, 1);
        assertEntry(put("empty", ""), 201, "empty", "", 1, 2, 2);
    }

    @Test
    void ifMatchWithTheCurrentModRevisionReplaces() {
        put("cas", "1");
        put("cas", "2");
        HttpResponse<String> response = send(request("PUT", "/api/config/cas", body("3")).header("If-Match", "\"2\""));
        assertEntry(response, 200, "cas", "3", 3, 1, 3);
    }

    @Test
    void ifMatchWithAnotherModRevisionIs412AndChangesNothing() {
        put("cas", "1");
        put("cas", "2");
        HttpResponse<String> response = send(request("PUT", "/api/config/cas", body("3")).header("If-Match", "\"1\""));
        JsonNode problem = assertProblem(response, 412);
        assertThat(problem.path("modRevision").asLong()).isEqualTo(2);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(revisionHeader(response)).isEqualTo(2);
        assertEntry(get("/api/config/cas"), 200, "cas", "2", 2, 1, 2);
    }

    @Test
    void ifMatchOnAnAbsentKeyIs412AndCreatesNothing() {
        assertProblem(send(request("PUT", "/api/config/nope", body("1")).header("If-Match", "\"5\"")), 412);
        assertProblem(send(request("PUT", "/api/config/nope", body("1")).header("If-Match", "\"0\"")), 412);
        assertProblem(get("/api/config/nope"), 404);
        assertThat(store.revision()).isZero();
    }

    @Test
    void ifMatchZeroNeverMatchesAnExistingEntry() {
        put("zero", "1");
        assertProblem(send(request("PUT", "/api/config/zero", body("2")).header("If-Match", "\"0\"")), 412);
        assertProblem(send(request("DELETE", "/api/config/zero", null).header("If-Match", "\"0\"")), 412);
        assertEntry(get("/api/config/zero"), 200, "zero", "1", 1, 1, 1);
    }

    @Test
    void deleteWithIfMatchDeletesOnlyThatModRevision() {
        put("d", "1");
        put("d", "2");
        assertProblem(send(request("DELETE", "/api/config/d", null).header("If-Match", "\"1\"")), 412);
        assertEntry(get("/api/config/d"), 200, "d", "2", 2, 1, 2);
        assertProblem(send(request("DELETE", "/api/config/absent", null).header("If-Match", "\"1\"")), 412);
        HttpResponse<String> deleted = send(request("DELETE", "/api/config/d", null).header("If-Match", "\"2\""));
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertProblem(get("/api/config/d"), 404);
    }

    @Test
    void ifNoneMatchStarCreatesOnlyAndIs412WhenTheKeyExists() {
        HttpResponse<String> created = send(request("PUT", "/api/config/once", body("first"))
                .header("If-None-Match", "*"));
        assertEntry(created, 201, "once", "first", 1, 1, 1);
        HttpResponse<String> refused = send(request("PUT", "/api/config/once", body("second"))
                .header("If-None-Match", "*"));
        assertProblem(refused, 412);
        assertThat(revisionHeader(refused)).isEqualTo(1);
        assertEntry(get("/api/config/once"), 200, "once", "first", 1, 1, 1);
    }

    @Test
    void listByPrefixIsSortedByKeyWithTheStoreRevision() {
        put("app/zeta", "z");
        put("app/alpha", "a");
        put("other/x", "o");
        put("app/mid/deep", "m");
        put("apple", "p");

        HttpResponse<String> response = get("/api/config?prefix=app/");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json(response);
        assertThat(list.path("revision").asLong()).isEqualTo(5);
        assertThat(list.path("entries").findValuesAsString("key"))
                .containsExactly("app/alpha", "app/mid/deep", "app/zeta");
        JsonNode first = list.path("entries").get(0);
        assertThat(first.path("value").asString()).isEqualTo("a");
        assertThat(first.path("version").asLong()).isEqualTo(1);
        assertThat(first.path("createRevision").asLong()).isEqualTo(2);
        assertThat(first.path("modRevision").asLong()).isEqualTo(2);

        assertThat(json(get("/api/config")).path("entries").findValuesAsString("key"))
                .containsExactly("app/alpha", "app/mid/deep", "app/zeta", "apple", "other/x");
        assertThat(json(get("/api/config?prefix=")).path("entries")).hasSize(5);
        assertThat(json(get("/api/config?prefix=app")).path("entries")).hasSize(4);
        JsonNode none = json(get("/api/config?prefix=nothing/here"));
        assertThat(none.path("entries").isArray()).isTrue();
        assertThat(none.path("entries")).isEmpty();
        assertThat(none.path("revision").asLong()).isEqualTo(5);
    }

    @Test
    void staleReadsAnswerFromTheLocalReplica() {
        put("s", "v");
        assertEntry(get("/api/config/s?consistency=stale"), 200, "s", "v", 1, 1, 1);
        assertEntry(get("/api/config/s?consistency=linearizable"), 200, "s", "v", 1, 1, 1);
        assertThat(json(get("/api/config?prefix=s&consistency=stale")).path("entries")).hasSize(1);
    }

    @Test
    void writesAndLinearizableReadsAre503WhenTheStoreHasNoMajorityAndNothingChanges() {
        put("k", "v");
        store.setAvailable(false);
        HttpResponse<String> putResponse = put("k", "other");
        assertProblem(putResponse, 503);
        assertThat(putResponse.headers().firstValue("Retry-After")).isPresent();
        assertProblem(put("new", "v"), 503);
        assertProblem(delete("k"), 503);
        assertProblem(get("/api/config/k"), 503);
        assertProblem(get("/api/config?prefix=k"), 503);
        assertProblem(get("/api/watch?timeout=0"), 503);
        assertEntry(get("/api/config/k?consistency=stale"), 200, "k", "v", 1, 1, 1);
        store.setAvailable(true);
        assertEntry(get("/api/config/k"), 200, "k", "v", 1, 1, 1);
        assertThat(store.revision()).isEqualTo(1);
    }
}
