package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The replicas' protocol messages shared the Tomcat connector and thread pool with the clients. A client write holds
 * its thread until it commits, so enough of them took every thread of the leader, leaving the followers' replies that
 * the commits need queued behind them: writes failed by their time-out and the followers, hearing nothing, elected
 * another leader. A small pool (8 threads) and many more concurrent writers (64) make that certain, not a matter of
 * load. The cure: the messages on a port with threads of their own (platform.replication.peer-urls).
 */
class ConfigStoreStarvationIT extends ClusterTest {

    private static final int THREADS = 8;
    private static final int WRITERS = 64;
    private static final Duration WRITING = Duration.ofSeconds(6);

    @BeforeAll
    static void startTheParticipantsWithFewTomcatThreads() {
        cluster.restartParticipantsWith(Map.of("SERVER_TOMCAT_THREADS_MAX", String.valueOf(THREADS),
                "SERVER_TOMCAT_THREADS_MIN_SPARE", String.valueOf(THREADS)));
    }

    @AfterAll
    static void restoreTheUsualParticipants() {
        cluster.restartParticipantsWith(Map.of());
    }

    @Test
    void shouldCommitEveryWriteAndKeepTheLeaderWithManyMoreWritersThanTomcatThreads() throws Exception {
        int leader = cluster.leader();
        String ballot = node(leader).path("paxos").path("ballot").asString();
        String url = cluster.participantUrl(leader) + "/api/config/it/starve/k";
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger written = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        long until = System.nanoTime() + WRITING.toNanos();
        try {
            for (int w = 0; w < WRITERS; w++) {
                done.add(writers.submit(() -> {
                    while (System.nanoTime() < until) {
                        int key = ThreadLocalRandom.current().nextInt(1000);
                        String outcome;
                        try {
                            HttpResponse<String> response = Http.send("PUT", url + key, "{\"value\":\"v" + key + "\"}",
                                    null);
                            if (response.statusCode() / 100 == 2) {
                                written.incrementAndGet();
                                continue;
                            }
                            // grouped by answer: the key and the durations are the parts that differ
                            outcome = response.statusCode() + " " + response.body()
                                    .replace("k" + key + "\"", "k<n>\"").replaceAll("\\d+ ms", "<n> ms");
                        } catch (RuntimeException e) {
                            outcome = e.toString();
                        }
                        failures.computeIfAbsent(outcome.length() > 300 ? outcome.substring(0, 300) : outcome,
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(failures).as("failed writes by answer (%d writes succeeded)", written.get()).isEmpty();
        assertThat(written.get()).isPositive();
        for (int i = 1; i <= LocalCluster.PARTICIPANTS; i++) {
            assertThat(node(i).path("paxos").path("leader").asString()).as("leader seen by participant-%d", i)
                    .isEqualTo("participant-" + leader);
        }
        assertThat(node(leader).path("paxos").path("ballot").asString()).as("the leader's ballot (a new one means "
                + "an election)").isEqualTo(ballot);
    }

    private static JsonNode node(int participant) {
        return Http.json(Http.get(cluster.participantUrl(participant) + "/api/node"));
    }
}
