package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.distlab.check.CheckResult;
import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;
import dev.distlab.check.register.RegisterChecker;

/**
 * Jepsen's register workload against the config store: clients read and write one key through the gateway
 * while the leader is paused (SIGSTOP) for 10 s and resumed; the history is recorded in the checkers' shape
 * (also written to target/ for a look after a failure) and the register checker decides whether it is
 * linearizable.
 */
class ConfigLinearizabilityIT extends ClusterTest {

    private static final String KEY = "it/linearizable/register";
    private static final int CLIENTS = 6;

    /** Lines appended in the order things happened: the checker takes real-time order from it. */
    private final List<Op> lines = new ArrayList<>();
    private long start;

    @Test
    void shouldStayLinearizableWhileTheLeaderIsPausedForTenSeconds() throws Exception {
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        start = System.nanoTime();
        Op initial = record(Op.invoke(CLIENTS, "write", List.of(KEY, "initial"), now()));
        HttpResponse<String> answer = Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + KEY,
                "{\"value\":\"initial\"}", null);
        assertThat(answer.statusCode()).isIn(200, 201);
        record(initial.complete(OpType.OK, initial.value(), now(), null, null));
        long end = System.nanoTime() + Duration.ofSeconds(24).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int process = c;
            Thread thread = new Thread(() -> runClient(process, end), "register-c" + c);
            thread.start();
            clients.add(thread);
        }
        Balancers.sleep(4_000);
        int leader = cluster.leader();
        long pausedAt = now();
        cluster.run(30, "pause", "participant-" + leader);
        long resumedAt;
        try {
            Balancers.sleep(10_000);
        } finally {
            cluster.run(30, "resume", "participant-" + leader);
            resumedAt = now();
        }
        for (Thread thread : clients) {
            thread.join(60_000);
        }
        History history;
        synchronized (lines) {
            history = new History(lines);
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            JsonLines.write(history, target.resolve("config-linearizability-history.jsonl"));
        }
        List<Operation> completed = history.operations().stream().filter(o -> o.type() == OpType.OK).toList();
        long completedWhilePaused = completed.stream()
                .filter(o -> o.start() > pausedAt + Duration.ofSeconds(4).toNanos() && o.end() < resumedAt).count();
        assertThat(completedWhilePaused).as("operations served by the majority while the leader was paused")
                .isPositive();
        assertThat(completed).hasSizeGreaterThan(50);

        CheckResult result = new RegisterChecker().check(history);

        assertThat(result.anomalies()).as("history of %d operations is linearizable", history.operations().size())
                .isEmpty();
    }

    private void runClient(int process, long end) {
        int n = 0;
        while (System.nanoTime() < end) {
            if (ThreadLocalRandom.current().nextBoolean()) {
                String value = "c" + process + "-" + n++;
                Op invoke = record(Op.invoke(process, "write", List.of(KEY, value), now()));
                int status = -1;
                try {
                    status = Http.send("PUT", cluster.gatewayUrl() + "/api/config/" + KEY,
                            "{\"value\":\"" + value + "\"}", null).statusCode();
                } catch (RuntimeException e) {
                    // timed out or the connection broke: the outcome is unknown
                }
                // a 4xx certainly changed nothing; a 5xx or no answer may have been applied
                OpType type = status == 200 || status == 201 ? OpType.OK
                        : status >= 400 && status < 500 ? OpType.FAIL : OpType.INFO;
                record(invoke.complete(type, invoke.value(), now(), null, status < 0 ? "no answer" : "" + status));
            } else {
                Op invoke = record(Op.invoke(process, "read", Arrays.asList(KEY, null), now()));
                Op completion;
                try {
                    HttpResponse<String> response = Http.get(cluster.gatewayUrl() + "/api/config/" + KEY);
                    if (response.statusCode() == 200) {
                        completion = invoke.complete(OpType.OK, List.of(KEY, Http.json(response).path("value").asString()),
                                now(), null, null);
                    } else if (response.statusCode() == 404) {
                        completion = invoke.complete(OpType.OK, Arrays.asList(KEY, null), now(), null, null);
                    } else { // a read that failed changed nothing
                        completion = invoke.complete(OpType.FAIL, invoke.value(), now(), null, "" + response.statusCode());
                    }
                } catch (RuntimeException e) {
                    completion = invoke.complete(OpType.FAIL, invoke.value(), now(), null, "no answer");
                }
                record(completion);
            }
        }
    }

    private Op record(Op op) {
        synchronized (lines) {
            lines.add(op);
        }
        return op;
    }

    private long now() {
        return System.nanoTime() - start;
    }
}
