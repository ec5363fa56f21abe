package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Bad input is a 4xx problem+json and changes nothing. */
class ConfigValidationTest extends ConfigApiTestBase {

    private long revisionBefore;
    private int writesBefore;

    @BeforeEach
    void seed() {
        put("seed/key", "v");
        revisionBefore = store.revision();
        writesBefore = store.writeCount();
    }

    private void assertNothingChanged() {
        assertThat(store.revision()).as("store revision").isEqualTo(revisionBefore);
        assertThat(store.writeCount()).as("writes reaching the store").isEqualTo(writesBefore);
        assertEntry(get("/api/config/seed/key"), 200, "seed/key", "v", 1, 1, 1);
    }

    /** PUT, GET and DELETE of this raw path are all refused with 400 naming the key rule. */
    private void assertBadKeyPath(String rawKeyPath) {
        String path = "/api/config/" + rawKeyPath;
        for (HttpRequest.Builder request : List.of(request("PUT", path, body("x")), request("GET", path, null),
                request("DELETE", path, null))) {
            HttpResponse<String> response = send(request);
            JsonNode problem;
            try {
                problem = assertProblem(response, 400);
            } catch (AssertionError e) {
                throw new AssertionError(path + ": " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            assertThat(problem.path("detail").asString()).as(path).contains("[A-Za-z0-9._~:/-]");
        }
    }

    @Test
    void keyLongerThan512CharactersIsRefused() {
        assertBadKeyPath("k".repeat(513));
        assertBadKeyPath("a/" + "k".repeat(511));
        assertNothingChanged();
    }

    @Test
    void keyWithACharacterOutsideTheAlphabetIsRefused() {
        for (String key : List.of("a*b", "a%20b", "a+b", "a%40b", "a,b", "caf%C3%A9", "a!b", "a$b", "a'b", "a%7Fb")) {
            assertBadKeyPath(key);
        }
        assertNothingChanged();
    }

    @Test
    void keyWithLeadingOrTrailingSlashIsRefused() {
        assertBadKeyPath("/a");
        assertBadKeyPath("a/");
        assertBadKeyPath("a/b/");
        assertBadKeyPath("");
        assertNothingChanged();
    }

    @Test
    void keyWithAnEmptyDotOrDotDotSegmentIsRefused() {
        for (String key : List.of("a//b", ".", "..", "./a", "a/.", "a/./b", "a/../b", "../a", "a/..",
                "seed/../seed/key")) {
            assertBadKeyPath(key);
        }
        assertNothingChanged();
    }

    @Test
    void percentEncodedDotsAndOtherEscapesCannotSmuggleBadSegments() {
        for (String key : List.of("%2E%2E/a", "a/%2e%2e/b", "a/%2E/b", "seed/%2E%2E/seed/key",
                "a;b", "a;jsessionid=1/b", "a%3Bb", "a%25b")) {
            assertBadKeyPath(key);
        }
        assertNothingChanged();
    }

    /**
     * Tomcat's connector itself refuses an encoded slash, backslash or NUL (encodedSolidusHandling=reject)
     * before the application sees the request; the platform's error valve still answers problem+json.
     */
    @Test
    void percentEncodedSlashesAndNulAreRefusedByTheServerBeforeTheApplication() {
        for (String key : List.of("a%2F..%2Fb", "a%2f%2e%2e%2fb", "%2Fa", "a%2F", "a%2F%2Fb", "seed%2F..%2Fseed%2Fkey",
                "seed%2Fkey", "a%00b", "a%5Cb")) {
            String path = "/api/config/" + key;
            assertProblem(send(request("PUT", path, body("x"))), 400);
            assertProblem(get(path), 400);
            assertProblem(send(request("DELETE", path, null)), 400);
        }
        assertNothingChanged();
    }

    @Test
    void valueOf64KiBIsAcceptedButOneByteMoreIsRefused() {
        assertThat(put("big", "x".repeat(64 * 1024)).statusCode()).isEqualTo(201);
        revisionBefore = store.revision();
        writesBefore = store.writeCount();
        JsonNode problem = assertProblem(put("big", "y".repeat(64 * 1024 + 1)), 400);
        assertThat(problem.path("detail").asString()).contains("65537").contains("65536");
        assertProblem(put("other", "y".repeat(64 * 1024 + 1)), 400);
        assertThat(store.revision()).isEqualTo(revisionBefore);
        assertThat(json(get("/api/config/big")).path("value").asString()).hasSize(64 * 1024).startsWith("x");
    }

    @Test
    void valueSizeIsCountedInUtf8BytesNotCharacters() {
        assertThat(put("utf8/two", "é".repeat(32 * 1024)).statusCode()).as("65536 bytes").isEqualTo(201);
        assertThat(put("utf8/four", "😀".repeat(16 * 1024)).statusCode()).as("65536 bytes").isEqualTo(201);
        revisionBefore = store.revision();
        writesBefore = store.writeCount();
        assertProblem(put("utf8/two", "é".repeat(32 * 1024) + "a"), 400);
        assertProblem(put("utf8/three", "€".repeat(21846)), 400); // 21846 chars, 65538 bytes
        assertProblem(put("utf8/four", "😀".repeat(16 * 1024) + "a"), 400);
        assertThat(store.revision()).isEqualTo(revisionBefore);
        assertThat(store.writeCount()).isEqualTo(writesBefore);
    }

    @Test
    void valueThatIsNotAJsonStringIsRefused() {
        for (String body : List.of("{\"value\":5}", "{\"value\":true}", "{\"value\":null}", "{\"value\":{\"a\":1}}",
                "{\"value\":[\"a\"]}", "{\"value\":1.5}", "{}")) {
            JsonNode problem = assertProblem(send(request("PUT", "/api/config/seed/key", body)), 400);
            assertThat(problem.path("detail").asString()).as(body).contains("value");
        }
        assertNothingChanged();
    }

    @Test
    void unknownFieldsAreRefused() {
        JsonNode problem = assertProblem(send(request("PUT", "/api/config/seed/key",
                "{\"value\":\"x\",\"ttl\":5}")), 400);
        assertThat(problem.path("detail").asString()).contains("ttl");
        assertNothingChanged();
    }

    @Test
    void malformedOrMissingBodiesAreRefused() {
        for (String body : List.of("{\"value\": \"x\"", "not json", "", "[\"x\"]", "\"x\"", "null",
                "{\"value\":\"\\ud800\"}")) {
            assertProblem(send(request("PUT", "/api/config/seed/key", body)), 400);
        }
        assertProblem(send(request("PUT", "/api/config/seed/key", null)), 400);
        HttpResponse<String> wrongType = send(request("PUT", "/api/config/seed/key", body("x"))
                .setHeader("Content-Type", "text/plain"));
        assertProblem(wrongType, 415);
        HttpResponse<String> garbledType = send(request("PUT", "/api/config/seed/key", body("x"))
                .setHeader("Content-Type", "json; charset"));
        assertProblem(garbledType, 415);
        assertNothingChanged();
    }

    @Test
    void bodyOver1MiBIs413() {
        assertProblem(put("seed/key", "x".repeat(1024 * 1024 + 1)), 413);
        assertNothingChanged();
    }

    @Test
    void malformedIfMatchIsRefused() {
        for (String ifMatch : List.of("1", "W/\"1\"", "\"a\"", "*", "\"1\", \"2\"", "\"\"", "\"-1\"", "\"1")) {
            assertProblem(send(request("PUT", "/api/config/seed/key", body("x")).header("If-Match", ifMatch)), 400);
            assertProblem(send(request("DELETE", "/api/config/seed/key", null).header("If-Match", ifMatch)), 400);
        }
        assertNothingChanged();
    }

    @Test
    void ifNoneMatchOtherThanStarOrWithIfMatchOrOnDeleteIsRefused() {
        assertProblem(send(request("PUT", "/api/config/new", body("x")).header("If-None-Match", "\"1\"")), 400);
        assertProblem(send(request("PUT", "/api/config/new", body("x")).header("If-None-Match", "*")
                .header("If-Match", "\"1\"")), 400);
        assertProblem(send(request("DELETE", "/api/config/seed/key", null).header("If-None-Match", "*")), 400);
        assertNothingChanged();
    }

    @Test
    void badConsistencyIsRefused() {
        for (String value : List.of("strong", "", "STALE", "linearizable,stale")) {
            assertProblem(get("/api/config/seed/key?consistency=" + value), 400);
            assertProblem(get("/api/config?consistency=" + value), 400);
            assertProblem(get("/api/watch?timeout=0&consistency=" + value), 400);
        }
        assertNothingChanged();
    }

    @Test
    void badTimeoutOrWaitRevisionIsRefused() {
        for (String query : List.of("waitRevision=-1", "waitRevision=x", "waitRevision=", "waitRevision=1.5",
                "waitRevision=99999999999999999999", "waitRevision=0&timeout=-1", "waitRevision=0&timeout=301",
                "waitRevision=0&timeout=abc", "waitRevision=0&timeout=1.5", "waitRevision=0&timeout=")) {
            assertProblem(get("/api/config/seed/key?" + query), 400);
        }
        for (String query : List.of("afterRevision=-1", "afterRevision=x", "timeout=-1", "timeout=301",
                "timeout=1e3")) {
            assertProblem(get("/api/watch?" + query), 400);
        }
        assertNothingChanged();
    }

    @Test
    void badPrefixIsRefused() {
        for (String prefix : List.of("a%20b", "a*", "p".repeat(513), "a%3Bb")) {
            assertProblem(get("/api/config?prefix=" + prefix), 400);
            assertProblem(get("/api/watch?timeout=0&prefix=" + prefix), 400);
        }
        assertThat(get("/api/config?prefix=" + "p".repeat(512)).statusCode()).isEqualTo(200);
        assertThat(get("/api/config?prefix=seed/").statusCode()).isEqualTo(200);
        assertNothingChanged();
    }
}
