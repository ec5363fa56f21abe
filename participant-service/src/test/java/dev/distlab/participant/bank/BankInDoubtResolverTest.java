package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import com.sun.net.httpserver.HttpServer;

import dev.distlab.participant.bank.BankHttp.Op;
import dev.distlab.participant.config.InMemoryConfigStore;
import dev.distlab.participant.config.InMemoryConfigStoreConfiguration;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * PREPARED branches whose coordinator went silent end by themselves (here after 300 ms in doubt, looked at
 * every 100 ms): from the decision in the config store, or by asking the coordinator in local mode.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-8",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=300ms",
                "platform.bank.resolve-interval=100ms",
                "platform.bank.coordinator-timeout=1s",
                "platform.bank.store-timeout=2s" })
@Import(InMemoryConfigStoreConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class BankInDoubtResolverTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Value("${local.server.port}")
    int port;

    @Autowired
    InMemoryConfigStore store;

    @Autowired
    InDoubtResolver resolver;

    @Autowired
    MeterRegistry meters;

    private BankHttp bank;
    private HttpServer coordinator;

    @BeforeEach
    void setUp() {
        store.reset();
        bank = new BankHttp(port);
    }

    @AfterEach
    void tearDown() {
        store.setAvailable(true);
        if (coordinator != null) {
            coordinator.stop(0);
        }
    }

    @Test
    void withoutADecisionTheParticipantWritesAbortAndAbortsTheBranch(CapturedOutput output) {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, -40));

        // the state is visible a moment before the force returns and the locks are released
        Poll.until("the branch is aborted and its lock released", BOUND, () -> "ABORTED".equals(bank.state(tx))
                && !bank.locks().findValuesAsString("account").contains(a));
        assertThat(decision(tx)).isEqualTo("ABORT");
        assertThat(bank.balance(a)).isEqualTo(100);
        JsonNode branch = json(bank.branch(tx));
        Duration inDoubt = Duration.between(Instant.parse(branch.path("preparedAt").asString()),
                Instant.parse(branch.path("decidedAt").asString()));
        assertThat(inDoubt).as("not decided before the in-doubt timeout").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(output.getOut()).contains("Transaction " + tx + " was in doubt for")
                .contains("the store had no decision, so this participant wrote ABORT; aborted it here");
    }

    @Test
    void aCommitDecisionInTheStoreCommitsTheBranch(CapturedOutput output) {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String tx = bank.prepared(new Op(a, -40), new Op(b, 40));
        store.apply(KvCommand.putIfAbsent(InDoubtResolver.decisionKey(tx), "COMMIT"));

        Poll.until("the branch is committed", BOUND, () -> "COMMITTED".equals(bank.state(tx)));
        assertThat(bank.balance(a)).isEqualTo(60);
        assertThat(bank.balance(b)).isEqualTo(140);
        assertThat(decision(tx)).isEqualTo("COMMIT");
        assertThat(output.getOut()).contains("Transaction " + tx + " was in doubt for")
                .contains("the store's decision is COMMIT; committed it here");
    }

    @Test
    void whileTheStoreIsUnavailableTheBranchStaysPreparedAndResolvesWhenItIsBack() {
        String a = bank.newAccount("a", 100);
        store.setAvailable(false);
        String tx = bank.prepared(new Op(a, -1));

        double before = resolutions("store", "UNAVAILABLE");
        Poll.until("the resolver tried twice", BOUND, () -> resolutions("store", "UNAVAILABLE") >= before + 2);
        assertThat(bank.state(tx)).isEqualTo("PREPARED");
        assertThat(bank.locks().findValuesAsString("txId")).contains(tx);
        assertThat(meters.get("bank.branches.indoubt").gauge().value()).as("what the in-doubt alert watches")
                .isEqualTo(1.0);

        store.setAvailable(true);
        Poll.until("the branch is aborted", BOUND, () -> "ABORTED".equals(bank.state(tx)));
        assertThat(decision(tx)).isEqualTo("ABORT");
        Poll.until("no branch is counted in doubt", BOUND,
                () -> meters.get("bank.branches.indoubt").gauge().value() == 0.0);
    }

    @Test
    void localModeAsksTheCoordinatorAndStaysPreparedWhileItAnswersPending(CapturedOutput output) throws IOException {
        AtomicReference<String> outcome = new AtomicReference<>("PENDING");
        List<String> asked = new CopyOnWriteArrayList<>();
        coordinator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        coordinator.createContext("/internal/bank/decisions/", exchange -> {
            asked.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"outcome\":\"" + outcome.get() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        coordinator.start();
        String url = "http://127.0.0.1:" + coordinator.getAddress().getPort();

        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        assertThat(bank.prepareLocal(tx, url, new Op(a, 15)).statusCode()).isEqualTo(200);

        Poll.until("the coordinator was asked twice", BOUND, () -> asked.size() >= 2);
        assertThat(bank.state(tx)).isEqualTo("PREPARED");
        assertThat(bank.locks().findValuesAsString("txId")).contains(tx);
        assertThat(asked.get(0)).isEqualTo("/internal/bank/decisions/" + tx + " Bearer " + BankHttp.TOKEN);
        // local mode never touches the store
        assertThat(decision(tx)).isNull();

        outcome.set("COMMIT");
        Poll.until("the branch is committed", BOUND, () -> "COMMITTED".equals(bank.state(tx)));
        assertThat(bank.balance(a)).isEqualTo(115);
        assertThat(decision(tx)).isNull();
        assertThat(output.getOut()).contains("answered PENDING")
                .contains("Transaction " + tx + " was in doubt for").contains("answered COMMIT; committed it here");
    }

    @Test
    void localModeWithItsCoordinatorDownBlocksWithTheLocksHeld() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        bank.prepareLocal(tx, "http://127.0.0.1:" + closedPort, new Op(a, -3));

        double before = resolutions("coordinator", "UNAVAILABLE");
        Poll.until("the resolver tried twice", BOUND, () -> resolutions("coordinator", "UNAVAILABLE") >= before + 2);
        assertThat(bank.state(tx)).isEqualTo("PREPARED");
        assertThat(json(bank.send("GET", "/internal/bank/accounts/" + a, null)).path("lockedBy").asString())
                .isEqualTo(tx);
        // the coordinator comes back and finishes phase 2 itself
        assertThat(bank.abort(tx).statusCode()).isEqualTo(200);
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void aCoordinatorCommitRacingTheResolverEndsInOneOutcome() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                String a = bank.newAccount("race", 100);
                String tx = bank.prepared(new Op(a, 10));
                CyclicBarrier start = new CyclicBarrier(4);
                // the coordinator: its decision write races the participants' ABORT; it follows the winner
                Future<String> coordinatorSide = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    KvResult r = store.write(KvCommand.putIfAbsent(InDoubtResolver.decisionKey(tx), "COMMIT")).join();
                    String decided = r.status() == KvResult.Status.CREATED ? "COMMIT" : r.entry().value();
                    HttpResponse<String> answer = decided.equals("COMMIT") ? bank.commit(tx) : bank.abort(tx);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    return decided;
                });
                List<Future<?>> resolvers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    resolvers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return resolver.resolve(tx);
                    }));
                }
                String decided = coordinatorSide.get(20, TimeUnit.SECONDS);
                for (Future<?> f : resolvers) {
                    f.get(20, TimeUnit.SECONDS);
                }
                assertThat(decision(tx)).isEqualTo(decided);
                assertThat(bank.state(tx)).isEqualTo(decided.equals("COMMIT") ? "COMMITTED" : "ABORTED");
                assertThat(bank.balance(a)).isEqualTo(decided.equals("COMMIT") ? 110 : 100);
                assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String decision(String txId) {
        return store.read(dev.distlab.participant.config.ConfigStore.Consistency.STALE, sm -> {
            KvEntry e = sm.get(InDoubtResolver.decisionKey(txId));
            return e == null ? null : e.value();
        }).join();
    }

    private double resolutions(String source, String outcome) {
        var counter = meters.find("bank.indoubt.resolutions").tag("source", source).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
