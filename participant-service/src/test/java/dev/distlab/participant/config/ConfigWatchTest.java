package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class ConfigWatchTest extends ConfigApiTestBase {

    @Test
    void returnsEveryChangeUnderThePrefixAfterTheRevisionInOrder() {
        put("outside", "o");
        put("w/a", "1");
        put("w/b", "2");
        put("wx", "not under w/");
        delete("w/a");
        put("w/b", "3");

        HttpResponse<String> response = get("/api/watch?prefix=w/&afterRevision=1&timeout=5");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("revision").asLong()).isEqualTo(6);
        JsonNode events = answer.path("events");
        assertThat(events.findValuesAsString("type")).containsExactly("PUT", "PUT", "DELETE", "PUT");
        assertThat(events.findValuesAsString("key")).containsExactly("w/a", "w/b", "w/a", "w/b");
        assertThat(events.findValues("modRevision")).extracting(JsonNode::asLong).containsExactly(2L, 3L, 5L, 6L);
        assertThat(events.get(0).path("value").asString()).isEqualTo("1");
        assertThat(events.get(2).has("value")).as("DELETE carries value: null").isTrue();
        assertThat(events.get(2).get("value").isNull()).isTrue();
        assertThat(events.get(3).path("value").asString()).isEqualTo("3");

        JsonNode later = json(get("/api/watch?prefix=w/&afterRevision=3&timeout=5"));
        assertThat(later.path("events").findValues("modRevision")).extracting(JsonNode::asLong)
                .containsExactly(5L, 6L);
        JsonNode all = json(get("/api/watch?afterRevision=0&timeout=5"));
        assertThat(all.path("events")).hasSize(6);
    }

    @Test
    void waitsForTheNextChangeAfterTheRevision() throws Exception {
        put("w/x", "1");
        CompletableFuture<HttpResponse<String>> watch = sendAsync(
                request("GET", "/api/watch?prefix=w/&afterRevision=1&timeout=20", null));
        Thread.sleep(400);
        put("elsewhere", "e");
        Thread.sleep(400);
        assertThat(watch).isNotDone();
        put("w/y", "2");
        HttpResponse<String> response = watch.get(5, TimeUnit.SECONDS);
        JsonNode answer = json(response);
        assertThat(answer.path("revision").asLong()).isEqualTo(3);
        assertThat(answer.path("events").findValuesAsString("key")).containsExactly("w/y");
    }

    @Test
    void withoutAfterRevisionWaitsForTheNextChange() throws Exception {
        put("w/old", "1");
        CompletableFuture<HttpResponse<String>> watch = sendAsync(request("GET", "/api/watch?prefix=w/&timeout=20",
                null));
        Thread.sleep(500);
        assertThat(watch).isNotDone();
        put("w/new", "2");
        JsonNode answer = json(watch.get(5, TimeUnit.SECONDS));
        assertThat(answer.path("events").findValuesAsString("key")).containsExactly("w/new");
    }

    @Test
    void answersWithNoEventsAndTheCurrentRevisionAtTheTimeout() {
        put("w/a", "1");
        put("other", "x");
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/watch?prefix=w/&afterRevision=2&timeout=1");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("events").isArray()).isTrue();
        assertThat(answer.path("events")).isEmpty();
        assertThat(answer.path("revision").asLong()).isEqualTo(2);
        assertThat(millis).isBetween(900L, 5000L);
    }

    @Test
    void isGoneWithTheCompactRevisionWhenTheHistoryAfterTheRevisionWasCompacted() {
        for (int i = 0; i < 5; i++) {
            put("w/k", "v" + i);
        }
        store.compact(3);
        HttpResponse<String> response = get("/api/watch?prefix=w/&afterRevision=1&timeout=5");
        JsonNode problem = assertProblem(response, 410);
        assertThat(problem.path("compactRevision").asLong()).isEqualTo(3);
        JsonNode fromCompaction = json(get("/api/watch?prefix=w/&afterRevision=3&timeout=5"));
        assertThat(fromCompaction.path("events").findValues("modRevision")).extracting(JsonNode::asLong)
                .containsExactly(4L, 5L);
    }

    @Test
    void keepsWaitingWhenUnrelatedHistoryIsCompactedAwayMeanwhile() throws Exception {
        put("w/x", "1");
        CompletableFuture<HttpResponse<String>> watch = sendAsync(
                request("GET", "/api/watch?prefix=w/&afterRevision=1&timeout=20", null));
        Thread.sleep(400);
        for (int i = 0; i < 5; i++) {
            put("elsewhere", "e" + i);
        }
        Thread.sleep(400);
        store.compact(6); // everything the watch started after is gone, but none of it was under w/
        put("w/y", "2");
        JsonNode answer = json(watch.get(5, TimeUnit.SECONDS));
        assertThat(answer.path("events").findValuesAsString("key")).containsExactly("w/y");
    }

    @Test
    void longAnswersAreCutAndTheRevisionTellsWhereToContinue() {
        for (int i = 0; i < ConfigWaiter.MAX_EVENTS + 5; i++) {
            store.apply(dev.distlab.paxos.kv.KvCommand.put("bulk/" + i, "v"));
        }
        JsonNode first = json(get("/api/watch?prefix=bulk/&afterRevision=0&timeout=0"));
        assertThat(first.path("events")).hasSize(ConfigWaiter.MAX_EVENTS);
        assertThat(first.path("revision").asLong()).isEqualTo(ConfigWaiter.MAX_EVENTS);
        JsonNode rest = json(get("/api/watch?prefix=bulk/&afterRevision=" + first.path("revision").asLong()
                + "&timeout=0"));
        assertThat(rest.path("events")).hasSize(5);
        assertThat(rest.path("revision").asLong()).isEqualTo(ConfigWaiter.MAX_EVENTS + 5);
    }
}
