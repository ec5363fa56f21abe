package dev.distlab.verify.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.check.history.History;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;
import dev.distlab.verify.testing.StandIn;

@SuppressWarnings("unchecked")
class BankWorkloadTest {

    private static OpType outcome(int status, String body) {
        return outcome(status, body, "coordinator-1");
    }

    private static OpType outcome(int status, String body, String answeredBy) {
        return BankWorkload.outcome(new Http.Response(status, body, answeredBy, "application/json", null),
                Http.JSON.readTree(body));
    }

    @Test
    void shouldTellCommittedFromCertainlyNotFromUnknown() {
        assertThat(outcome(201, "{\"transactionId\":\"t1\",\"status\":\"COMMITTED\"}")).isEqualTo(OpType.OK);
        assertThat(outcome(422, "{\"transactionStatus\":\"ABORTED\",\"reason\":\"INSUFFICIENT_FUNDS\"}"))
                .isEqualTo(OpType.FAIL);
        assertThat(outcome(503, "{\"transactionStatus\":\"ABORTED\",\"reason\":\"TIMEOUT\"}")).isEqualTo(OpType.FAIL);
        assertThat(outcome(400, "{\"title\":\"Bad Request\"}")).isEqualTo(OpType.FAIL);
        assertThat(outcome(503, "{\"transactionStatus\":\"UNKNOWN\"}")).isEqualTo(OpType.INFO);
        assertThat(outcome(500, "{}")).isEqualTo(OpType.INFO);
        assertThat(outcome(502, "{}")).isEqualTo(OpType.INFO);
        // the gateway's own 503: no coordinator to send to, so certainly not applied; its 502/504 may have been
        assertThat(outcome(503, "{\"title\":\"Service Unavailable\"}", "gateway"))
                .isEqualTo(OpType.FAIL);
        assertThat(outcome(504, "{}", "gateway")).isEqualTo(OpType.INFO);
    }

    // --- against a stand-in for the gateway and one coordinator ---

    private HttpServer server;
    private String url;
    /** Attempts per Idempotency-Key: the first times out at the gateway, the second finds no coordinator. */
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** What the coordinator lists as HEURISTIC: one transaction left by an earlier run, from the start. */
    private volatile List<String> heuristic = List.of("earlier-run-tx");

    @BeforeEach
    void startFakeCluster() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/accounts", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                StandIn.answer(exchange, 201, "{}", "coordinator-1");
            } else {
                StandIn.answer(exchange, 200, "{\"accounts\":[]}", "coordinator-1");
            }
        });
        server.createContext("/api/transfers", this::request);
        server.createContext("/api/transactions", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                request(exchange);
                return;
            }
            boolean heuristicList = exchange.getRequestURI().getQuery().contains("HEURISTIC");
            StandIn.answer(exchange, 200, Http.json(Map.of("transactions", (heuristicList ? heuristic : List.<String>of())
                    .stream().map(id -> Map.of("id", id)).toList())), "coordinator-1");
        });
        server.start();
    }

    private void request(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        switch (attempt) {
            case 1 -> StandIn.answer(exchange, 504, "{\"title\":\"Gateway Timeout\"}", "gateway");
            case 2 -> StandIn.answer(exchange, 503, "{\"title\":\"Service Unavailable\",\"detail\":\"No instance of"
                    + " coordinator-service is available\"}", "gateway");
            default -> StandIn.answer(exchange, 201, "{\"transactionId\":\"tx-" + key + "\",\"status\":\"COMMITTED\"}",
                    "coordinator-1");
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private History run() throws IOException {
        Recorder recorder = new Recorder(null);
        Topology topology = new Topology(url, List.of(new Instance("coordinator-1", Instance.Role.COORDINATOR, url)));
        BankWorkload bank = new BankWorkload(new WorkloadContext(new Http(), recorder, topology, null, "t", 3, 1,
                new AtomicInteger()));
        bank.setup();
        Deadline deadline = new Deadline(600_000_000L);
        bank.clients(deadline).forEach(Runnable::run);
        heuristic = List.of("earlier-run-tx"); // still there at the end: not this run's doing
        bank.finish();
        return recorder.sliceOf(bank.processes()).history();
    }

    @Test
    void shouldAskAgainWhenTheGatewayHadNoCoordinatorForTheRetry() throws IOException {
        // seed 204 in a safe run: a retry answered 503 by the gateway itself was never sent, so it says nothing
        // of the first attempt, which had committed; resolve must not record it ABORTED but ask again
        List<Operation> resolves = run().operations("resolve");
        assertThat(resolves).isNotEmpty().allSatisfy(resolve -> {
            assertThat(resolve.type()).isEqualTo(OpType.OK);
            assertThat((Map<Object, Object>) resolve.completion().value()).containsEntry("status", "COMMITTED");
        });
        assertThat(attempts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(3));
    }

    @Test
    void shouldLeaveTransactionsThatEarlierRunsLeftHeuristicOutOfTheFinalCount() throws IOException {
        Operation pending = run().operations("final-pending").get(0);
        assertThat(pending.type()).isEqualTo(OpType.OK);
        assertThat((Map<Object, Object>) pending.completion().value()).containsEntry("heuristic", 0L)
                .containsEntry("ids", List.of());
    }
}
