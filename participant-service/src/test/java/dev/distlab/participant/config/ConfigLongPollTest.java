package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.distlab.paxos.kv.KvCommand;

class ConfigLongPollTest extends ConfigApiTestBase {

    private CompletableFuture<HttpResponse<String>> longPoll(String key, long waitRevision, int timeoutSeconds) {
        return sendAsync(request("GET", "/api/config/" + key + "?waitRevision=" + waitRevision + "&timeout="
                + timeoutSeconds, null));
    }

    private static void assertStillWaiting(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        Thread.sleep(400);
        assertThat(poll).as("long-poll still waiting").isNotDone();
    }

    @Test
    void answersAsSoonAsTheKeyIsWrittenAfterTheRevision() throws Exception {
        put("lp/key", "1");
        CompletableFuture<HttpResponse<String>> poll = longPoll("lp/key", 1, 20);
        assertStillWaiting(poll);
        put("lp/other", "x");
        put("lp/key-longer", "x");
        assertStillWaiting(poll);
        long start = System.nanoTime();
        store.apply(KvCommand.put("lp/key", "2"));
        HttpResponse<String> response = poll.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        assertEntry(response, 200, "lp/key", "2", 2, 1, 4);
        assertThat(revisionHeader(response)).isEqualTo(4);
    }

    @Test
    void answersWhenAnAbsentKeyIsCreated() throws Exception {
        put("lp/unrelated", "x");
        CompletableFuture<HttpResponse<String>> poll = longPoll("lp/new", 1, 20);
        assertStillWaiting(poll);
        put("lp/new", "hello");
        assertEntry(poll.get(5, TimeUnit.SECONDS), 200, "lp/new", "hello", 1, 2, 2);
    }

    @Test
    void answers404AsSoonAsTheKeyIsDeleted() throws Exception {
        put("lp/doomed", "1");
        CompletableFuture<HttpResponse<String>> poll = longPoll("lp/doomed", 1, 20);
        assertStillWaiting(poll);
        delete("lp/doomed");
        HttpResponse<String> response = poll.get(5, TimeUnit.SECONDS);
        assertProblem(response, 404);
        assertThat(revisionHeader(response)).isEqualTo(2);
    }

    @Test
    void answersAtOnceWhenTheKeyAlreadyChangedAfterTheRevision() {
        put("lp/k", "1");
        put("lp/k", "2");
        assertEntry(get("/api/config/lp/k?waitRevision=1&timeout=20"), 200, "lp/k", "2", 2, 1, 2);
        assertEntry(get("/api/config/lp/k?waitRevision=0&timeout=20"), 200, "lp/k", "2", 2, 1, 2);
        delete("lp/k");
        assertProblem(get("/api/config/lp/k?waitRevision=2&timeout=20"), 404);
    }

    @Test
    void answersWithTheCurrentStateAtTheTimeout() throws Exception {
        put("lp/quiet", "same");
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/config/lp/quiet?waitRevision=1&timeout=1");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEntry(response, 200, "lp/quiet", "same", 1, 1, 1);
        assertThat(millis).isBetween(900L, 5000L);

        start = System.nanoTime();
        assertProblem(get("/api/config/lp/never?waitRevision=1&timeout=1"), 404);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 5000L);
    }

    @Test
    void timeoutZeroAnswersImmediately() {
        put("lp/z", "v");
        assertEntry(get("/api/config/lp/z?waitRevision=5&timeout=0"), 200, "lp/z", "v", 1, 1, 1);
    }

    @Test
    void answersAtOnceWhenTheHistoryAfterTheRevisionIsCompactedAndTheKeyIsGone() {
        put("lp/c", "1");
        delete("lp/c");
        put("lp/other", "x");
        store.compact(3);
        long start = System.nanoTime();
        assertProblem(get("/api/config/lp/c?waitRevision=1&timeout=20"), 404);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
    }

    @Test
    void manyLongPollsWaitWithoutHoldingServletThreads() throws Exception {
        put("lp/many", "0");
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 220; i++) { // more than Tomcat's 200 request threads
            polls.add(longPoll("lp/many", 1, 30));
        }
        Thread.sleep(1000);
        assertEntry(get("/api/config/lp/many"), 200, "lp/many", "0", 1, 1, 1);
        assertThat(polls).noneMatch(CompletableFuture::isDone);
        put("lp/many", "1");
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            assertEntry(poll.get(15, TimeUnit.SECONDS), 200, "lp/many", "1", 2, 1, 2);
        }
    }
}
