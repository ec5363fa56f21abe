package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.distlab.systemtest.RegisterChecker.Op;

/**
 * Jepsen's register workload against the config store: clients read and write one key through the gateway
 * while the leader is paused (SIGSTOP) for 10 s and resumed; the checker decides whether the history is
 * linearizable.
 */
class ConfigLinearizabilityIT extends ClusterTest {

    private static final String KEY = "it/linearizable/register";
    private static final int CLIENTS = 6;

    @Test
    void shouldStayLinearizableWhileTheLeaderIsPausedForTenSeconds() throws Exception {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        HttpResponse<String> initial = Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + KEY,
                "{\"value\":\"initial\"}", null);
        assertThat(initial.statusCode()).isIn(200, 201);
        List<Op> history = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(24).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String client = "c" + c;
            Thread thread = new Thread(() -> runClient(client, end, history), "register-" + client);
            thread.start();
            clients.add(thread);
        }
        Balancers.sleep(4_000);
        int leader = cluster.leader();
        long pausedAt = System.nanoTime();
        cluster.run(30, "pause", "participant-" + leader);
        long resumedAt;
        try {
            Balancers.sleep(10_000);
        } finally {
            cluster.run(30, "resume", "participant-" + leader);
            resumedAt = System.nanoTime();
        }
        for (Thread thread : clients) {
            thread.join(60_000);
        }
        long completedWhilePaused = history.stream()
                .filter(op -> op.completed() && op.invoke() > pausedAt + Duration.ofSeconds(4).toNanos()
                        && op.complete() < resumedAt)
                .count();
        assertThat(completedWhilePaused).as("operations served by the majority while the leader was paused")
                .isPositive();
        assertThat(history.stream().filter(Op::completed).count()).isGreaterThan(50);
        assertThat(RegisterChecker.isLinearizable(history, "initial"))
                .as("history of %d operations is linearizable", history.size()).isTrue();
    }

    private static void runClient(String client, long end, List<Op> history) {
        int n = 0;
        while (System.nanoTime() < end) {
            boolean write = ThreadLocalRandom.current().nextBoolean();
            long invoke = System.nanoTime();
            if (write) {
                String value = client + "-" + n++;
                int status = -1;
                try {
                    status = Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + KEY,
                            "{\"value\":\"" + value + "\"}", null).statusCode();
                } catch (RuntimeException e) {
                    // timed out or connection broke: the outcome is unknown
                }
                long complete = System.nanoTime();
                history.add(status == 200 || status == 201 ? Op.write(client, value, invoke, complete)
                        : Op.unknownWrite(client, value, invoke));
            } else {
                try {
                    HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/config/" + KEY);
                    long complete = System.nanoTime();
                    if (response.statusCode() == 200) {
                        history.add(Op.read(client, Http.json(response).path("value").asString(), invoke, complete));
                    } else if (response.statusCode() == 404) {
                        history.add(Op.read(client, null, invoke, complete));
                    } // a failed read tells nothing
                } catch (RuntimeException e) {
                    // a read that failed tells nothing
                }
            }
        }
    }
}
