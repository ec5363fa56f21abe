package dev.distlab.verify.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;
import dev.distlab.verify.testing.StandIn;

class LbWorkloadTest {

    private static final List<String> PARTICIPANTS = List.of("participant-1", "participant-2", "participant-3");

    @Test
    void shouldMeasureEveryPolicyIncludingADrainInASeededOrder() {
        List<LbWorkload.Phase> phases = LbWorkload.phases(PARTICIPANTS, new Random(11));

        assertThat(phases).isEqualTo(LbWorkload.phases(PARTICIPANTS, new Random(11)));
        assertThat(phases).extracting(LbWorkload.Phase::policy)
                .containsExactlyInAnyOrder("random", "round-robin", "weighted", "weighted");
        assertThat(phases).filteredOn(p -> p.label().equals("weighted-5-1-1")).singleElement()
                .satisfies(p -> assertThat(p.weights().values()).containsExactlyInAnyOrder(5L, 1L, 1L));
        assertThat(phases).filteredOn(p -> p.label().startsWith("weighted-drain-")).singleElement()
                .satisfies(p -> assertThat(p.weights().values()).containsExactlyInAnyOrder(0L, 1L, 1L));
    }

    @Test
    void shouldLabelNoRequestWithAnUnconfirmedPolicyAndStillReachEveryPhase() throws Exception {
        // safe runs: a policy change whose answer was lost left the old policy routing requests that were
        // already labelled with the new one, and the checker judged them against the wrong shares. Seed 3 of
        // round-robin-off-by-one: the switches waited for the store while every participant restarted, and the
        // round-robin phase, last, never began

        AtomicInteger puts = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/gateway/balancers", exchange -> {
            if (exchange.getRequestMethod().equals("PUT") && puts.incrementAndGet() <= 10) {
                // the answers to the first ten attempts are lost, as while the store is down
                answer(exchange, 504, "{\"title\":\"Gateway Timeout\"}");
            } else {
                answer(exchange, 200, "[]");
            }
        });
        server.createContext("/api/node", exchange -> answer(exchange, 200, "{}"));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Recorder recorder = new Recorder(null);
            List<Instance> participants = PARTICIPANTS.stream()
                    .map(id -> new Instance(id, Instance.Role.PARTICIPANT, url)).toList();
            LbWorkload lb = new LbWorkload(new WorkloadContext(new Http(), recorder, new Topology(url, participants),
                    "token", "t", 7, 2, new AtomicInteger()));
            lb.setup();
            List<Thread> threads = new ArrayList<>();
            for (Runnable client : lb.clients(new Deadline(12_000_000_000L))) {
                Thread thread = new Thread(client);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }

            Op lastSetting = null;
            int requests = 0;
            for (Op op : recorder.ops()) {
                if (op.f().equals("set-policy") && op.type() != OpType.INVOKE) {
                    lastSetting = op;
                } else if (op.f().equals("request") && op.type() == OpType.INVOKE) {
                    requests++;
                    assertThat(lastSetting).as("a request before any policy was set").isNotNull();
                    assertThat(lastSetting.type()).as("the setting before request #" + op.index()).isEqualTo(OpType.OK);
                    assertThat(((Map<?, ?>) op.value()).get("phase"))
                            .isEqualTo(((Map<?, ?>) lastSetting.value()).get("phase"));
                }
            }
            assertThat(puts.get()).isGreaterThan(10);
            assertThat(requests).isPositive();
            assertThat(recorder.ops()).filteredOn(op -> op.f().equals("set-policy") && op.type() == OpType.OK)
                    .extracting(op -> ((Map<?, ?>) op.value()).get("phase")).doesNotHaveDuplicates()
                    .hasSize(4); // every phase, the first once the gateway answered
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        StandIn.answer(exchange, status, body, "participant-1");
    }
}
