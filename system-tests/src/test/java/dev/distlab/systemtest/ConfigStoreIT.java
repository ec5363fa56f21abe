package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The Paxos config store with real processes: leader crashes, catch-up, races and watches. */
class ConfigStoreIT extends ClusterTest {

    record Ack(String key, String value, long atNanos) {
    }

    @Test
    void shouldResumeWritesWithinThreeSecondsOfKillingTheLeaderAndLoseNoAcknowledgedWrite() throws Exception {
        awaitAllParticipantsReady();
        int leader = cluster.leader();
        List<Ack> acks = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int i = 0; running.get() && System.nanoTime() < deadline; i++) {
                String key = "it/kill/" + i;
                String value = "v" + i;
                try {
                    HttpResponse<String> response = put(key, value);
                    if (response.statusCode() == 200 || response.statusCode() == 201) {
                        acks.add(new Ack(key, value, System.nanoTime()));
                    }
                } catch (RuntimeException e) {
                    // not acknowledged: the writer moves on, as a client would
                }
            }
        }, "config-writer");
        writer.start();
        long killedAt;
        try {
            awaitSize(acks, 30);
            killedAt = System.nanoTime();
            cluster.run(30, "kill", "participant-" + leader);
            awaitSize(acks, acks.size() + 50);
        } finally {
            running.set(false);
            writer.join(30_000);
        }
        long firstAfterKill = acks.stream().mapToLong(Ack::atNanos).filter(t -> t > killedAt).min().orElseThrow();
        assertThat(Duration.ofNanos(firstAfterKill - killedAt)).as("writes resumed after the leader was killed")
                .isLessThan(Duration.ofSeconds(3));
        for (Ack ack : acks) {
            HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/config/" + ack.key());
            assertThat(response.statusCode()).as("acknowledged write %s", ack.key()).isEqualTo(200);
            assertThat(Http.json(response).path("value").asString()).isEqualTo(ack.value());
        }
        cluster.run(120, "start", "participant-" + leader);
    }

    @Test
    void shouldCatchUpFromASnapshotAfterMissingMoreThanTheLeaderKeeps() throws Exception {
        awaitAllParticipantsReady();
        int away = cluster.leader() % LocalCluster.PARTICIPANTS + 1; // a follower
        cluster.run(60, "stop", "participant-" + away);
        try {
            balancers.awaitHealth(Balancers.PARTICIPANTS, h -> Boolean.FALSE.equals(h.get("participant-" + away)),
                    Duration.ofSeconds(10));
            for (int i = 0; i < 250; i++) { // snapshots every 100 slots: the others truncate their logs
                HttpResponse<String> response = put("it/snap/" + i, "s" + i);
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            }
        } finally {
            cluster.run(120, "start", "participant-" + away);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int seen = 0;
        while (seen < 250) {
            assertThat(System.nanoTime()).as("participant-%d caught up only to %d of 250 keys", away, seen)
                    .isLessThan(deadline);
            Balancers.sleep(200);
            JsonNode list = Http.json(Http.get(cluster.participantUrl(away) + "/api/config?prefix=it/snap/&consistency=stale"));
            seen = list.path("entries").size();
        }
        String metrics = Http.get(cluster.participantUrl(away) + "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("paxos_snapshots_total\\{kind=\"installed\"[^}]*\\} [1-9]");
    }

    @Test
    void shouldLetExactlyOneOfTwentyRacingClientsWinEachRevision() throws Exception {
        awaitAllParticipantsReady();
        String key = "it/race/counter";
        HttpResponse<String> created = put(key, "start");
        assertThat(created.statusCode()).isIn(200, 201);
        Map<Long, AtomicInteger> winnersPerRevision = new ConcurrentHashMap<>();
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger preconditionFailures = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                for (int attempt = 0; attempt < 8; attempt++) {
                    HttpResponse<String> current = Http.get(cluster.gatewayUrl() + "/api/config/" + key);
                    if (current.statusCode() != 200) {
                        continue;
                    }
                    long revision = Http.json(current).path("modRevision").asLong();
                    HttpRequest.Builder update = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/api/config/" + key))
                            .header("Content-Type", "application/json").header("If-Match", "\"" + revision + "\"")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"client-" + client + "-" + attempt + "\"}"));
                    int status = Http.send(update, null).statusCode();
                    if (status == 200) {
                        wins.incrementAndGet();
                        winnersPerRevision.computeIfAbsent(revision, r -> new AtomicInteger()).incrementAndGet();
                    } else if (status == 412) {
                        preconditionFailures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(winnersPerRevision.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(preconditionFailures.get()).as("some clients lost a race").isPositive();
        JsonNode last = Http.json(Http.get(cluster.gatewayUrl() + "/api/config/" + key));
        assertThat(last.path("version").asLong()).isEqualTo(1 + wins.get());
    }

    @Test
    void shouldShowWatchersEveryChangeInOrderAcrossALeaderChange() throws Exception {
        awaitAllParticipantsReady();
        long startRevision = Http.json(Http.get(cluster.gatewayUrl() + "/api/config?prefix=it/watch/"))
                .path("revision").asLong();
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            long after = startRevision;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (watching.get() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/watch?prefix=it/watch/&afterRevision="
                            + after + "&timeout=2");
                    if (response.statusCode() != 200) {
                        Balancers.sleep(100);
                        continue;
                    }
                    for (JsonNode event : Http.json(response).path("events")) {
                        events.add(event);
                        after = event.path("modRevision").asLong();
                    }
                } catch (RuntimeException e) {
                    Balancers.sleep(100);
                }
            }
        }, "config-watcher");
        watcher.start();
        List<String> acked = new ArrayList<>();
        int leader = 0;
        try {
            for (int i = 0; i < 60; i++) {
                if (i == 30) {
                    leader = cluster.leader();
                    cluster.run(30, "kill", "participant-" + leader);
                }
                String value = "w" + i;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) { // a client retrying until acknowledged
                    HttpResponse<String> response = put("it/watch/key", value);
                    if (response.statusCode() == 200 || response.statusCode() == 201) {
                        acked.add(value);
                        break;
                    }
                    Balancers.sleep(50);
                }
            }
            long waitUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (events.stream().map(e -> e.path("value").asString()).noneMatch(acked.get(acked.size() - 1)::equals)) {
                assertThat(System.nanoTime()).as("the watcher never saw the last write").isLessThan(waitUntil);
                Balancers.sleep(100);
            }
        } finally {
            watching.set(false);
            watcher.join(10_000);
            if (leader != 0) {
                cluster.run(120, "start", "participant-" + leader);
            }
        }
        List<Long> revisions = events.stream().map(e -> e.path("modRevision").asLong()).toList();
        assertThat(revisions).as("strictly increasing revisions, no duplicates").isSorted().doesNotHaveDuplicates();
        List<String> values = events.stream().map(e -> e.path("value").asString()).toList();
        // a write retried after an unknown outcome may appear twice in the log, never out of order
        assertThat(values.stream().distinct().toList()).containsSubsequence(acked);
        assertThat(values).containsAll(acked);
    }

    private static HttpResponse<String> put(String key, String value) {
        return Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + key, "{\"value\":\"" + value + "\"}", null);
    }

    private static void awaitAllParticipantsReady() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
    }

    private static <T> void awaitSize(List<T> list, int size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (list.size() < size) {
            assertThat(System.nanoTime()).as("only %d of %d", list.size(), size).isLessThan(deadline);
            Balancers.sleep(20);
        }
    }
}
