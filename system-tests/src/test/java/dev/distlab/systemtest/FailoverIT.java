package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** Real faults on real processes: the gateway keeps GETs succeeding while participants die and return. */
class FailoverIT extends ClusterTest {

    record Outcome(long atNanos, int status, String instance) {
    }

    @Test
    void shouldKeepGetsSucceedingWhenAParticipantIsKilledAndTakeItBackAfterRestart() throws Exception {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        balancers.reset();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // bounded, whatever happens
            while (running.get() && System.nanoTime() < deadline) {
                int status;
                String instance;
                try {
                    HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/node");
                    status = response.statusCode();
                    instance = Http.instanceId(response);
                } catch (RuntimeException e) {
                    status = -1;
                    instance = e.toString();
                }
                outcomes.add(new Outcome(System.nanoTime(), status, instance));
                Balancers.sleep(5);
            }
        }, "get-stream");
        client.start();
        try {
            awaitOutcomes(outcomes, 60);
            long killedAt = System.nanoTime();
            cluster.run(30, "kill", "participant-2");

            balancers.awaitHealth(Balancers.PARTICIPANTS, h -> Boolean.FALSE.equals(h.get("participant-2")),
                    Duration.ofSeconds(10));
            int seenAfterEjection = outcomes.size();
            awaitOutcomes(outcomes, seenAfterEjection + 100);
            assertThat(since(outcomes, seenAfterEjection))
                    .as("requests after participant-2 left the rotation")
                    .noneMatch(o -> o.instance().equals("participant-2"));

            cluster.run(120, "start", "participant-2");
            balancers.awaitHealth(Balancers.PARTICIPANTS, h -> Boolean.TRUE.equals(h.get("participant-2")),
                    Duration.ofSeconds(15));
            int seenAfterReturn = outcomes.size();
            awaitOutcomes(outcomes, seenAfterReturn + 60);
            assertThat(since(outcomes, seenAfterReturn))
                    .as("requests after participant-2 came back")
                    .anyMatch(o -> o.instance().equals("participant-2"));
            assertThat(outcomes).as("GETs before the kill").filteredOn(o -> o.atNanos() < killedAt)
                    .extracting(Outcome::instance).contains("participant-1", "participant-2", "participant-3");
        } finally {
            running.set(false);
            client.join(35_000);
        }
        assertThat(outcomes).as("every GET through the gateway succeeded, %d sent", outcomes.size())
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
    }

    @Test
    void shouldTakeAPausedParticipantOutOfRotationAndBackAfterResume() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        cluster.run(30, "pause", "participant-3");
        try {
            assertThat(cluster.run(30, "status")).containsPattern("participant-3\\s+\\d+\\s+\\d+\\s+paused");
            balancers.awaitHealth(Balancers.PARTICIPANTS, h -> Boolean.FALSE.equals(h.get("participant-3")),
                    Duration.ofSeconds(10));
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/node");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.instanceId(response)).isNotEqualTo("participant-3");
            }
        } finally {
            cluster.run(30, "resume", "participant-3");
        }
        balancers.awaitHealth(Balancers.PARTICIPANTS, h -> Boolean.TRUE.equals(h.get("participant-3")),
                Duration.ofSeconds(15));
    }

    @Test
    void shouldAnswer503AtOnceWhenNoInstanceIsAvailable() {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        for (int i = 1; i <= LocalCluster.COORDINATORS; i++) {
            cluster.run(60, "stop", "coordinator-" + i);
        }
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/accounts");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat(response.statusCode()).as(response.body()).isIn(502, 503);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(millis).as("answered without waiting").isLessThan(5_000);
            balancers.awaitHealth("coordinator-service", h -> !h.containsValue(true), Duration.ofSeconds(10));
            response = Http.get(cluster.gatewayUrl() + "/api/accounts");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        } finally {
            for (int i = 1; i <= LocalCluster.COORDINATORS; i++) {
                cluster.run(120, "start", "coordinator-" + i);
            }
        }
    }

    /** The outcomes from index {@code from} on, copied: a sub-list of the live list fails once it grows. */
    private static List<Outcome> since(List<Outcome> outcomes, int from) {
        List<Outcome> copy = List.copyOf(outcomes);
        return copy.subList(from, copy.size());
    }

    private static void awaitOutcomes(List<Outcome> outcomes, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outcomes.size() < count) {
            assertThat(System.nanoTime()).as("the client stream stalled at %d requests", outcomes.size())
                    .isLessThan(deadline);
            Balancers.sleep(20);
        }
    }
}
