package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import dev.distlab.participant.config.ConfigStore;
import dev.distlab.participant.config.InMemoryConfigStore;
import dev.distlab.participant.config.InMemoryConfigStoreConfiguration;
import dev.distlab.paxos.kv.KvEntry;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * A PREPARED branch older than the decision retention (10 min) with no decision in the store must not be
 * aborted (its COMMIT may have been collected): its coordinator (a fake HTTP server here) is asked, and if it
 * has no record either the branch ends HEURISTIC. Time is moved with the bank's clock; the scheduled resolver
 * never runs (the test resolves one branch at a time).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-4",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=5s",
                "platform.bank.resolve-interval=1h",
                "platform.bank.decision-retention=10m",
                "platform.bank.coordinator-timeout=2s" })
@Import({ InMemoryConfigStoreConfiguration.class, MovableClock.Config.class })
@ExtendWith(OutputCaptureExtension.class)
class BankHeuristicTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    InDoubtResolver resolver;

    @Autowired
    InMemoryConfigStore store;

    @Autowired
    MeterRegistry meters;

    private BankHttp bank;
    private HttpServer coordinator;
    private String coordinatorUrl;
    private final AtomicReference<String> outcome = new AtomicReference<>("UNKNOWN");
    /** Each question the fake coordinator was asked: path?query and the Authorization header. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        store.reset();
        clock.setOffset(Duration.ZERO);
        bank = new BankHttp(port);
        coordinator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        coordinator.createContext("/internal/bank/decisions/", exchange -> {
            asked.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"outcome\":\"" + outcome.get() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        coordinator.start();
        coordinatorUrl = "http://127.0.0.1:" + coordinator.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        clock.setOffset(Duration.ZERO);
        coordinator.stop(0);
    }

    @Test
    void anOldBranchThatNobodyKnowsEndsHeuristicWithoutItsDeltas(CapturedOutput output) {
        String a = bank.newAccount("a", 100);
        String tx = preparePaxos(new Op(a, -40));
        String preparedAt = json(bank.branch(tx)).path("preparedAt").asString();
        double before = heuristic();

        clock.setOffset(Duration.ofMinutes(11));
        assertThat(resolver.resolve(tx)).isPresent();

        assertThat(bank.state(tx)).isEqualTo("HEURISTIC");
        assertThat(decision(tx)).as("no ABORT was written over a decision that may have been COMMIT").isNull();
        assertThat(asked).containsExactly("/internal/bank/decisions/" + tx + "?mode=paxos&preparedAt=" + preparedAt
                + " Bearer " + BankHttp.TOKEN);
        assertThat(bank.balance(a)).as("deltas not applied").isEqualTo(100);
        assertThat(bank.locks().findValuesAsString("txId")).doesNotContain(tx);
        assertThat(heuristic()).isEqualTo(before + 1);
        JsonNode listed = json(bank.send("GET", "/internal/bank/transactions?state=HEURISTIC", null));
        assertThat(listed.path("branches").findValuesAsString("txId")).contains(tx);
        assertThat(output.getOut()).contains("ERROR").contains("Transaction " + tx + ": its branch here was in doubt")
                .contains("nobody knows how it was decided")
                .contains("ended HEURISTIC without applying its deltas").contains("an operator must reconcile accounts ["
                        + a + "]");

        // any later phase 2 is refused and says why; a repeated prepare is answered NO; snapshots are not blocked
        JsonNode commit = assertProblem(bank.commit(tx), 409);
        assertThat(commit.path("state").asString()).isEqualTo("HEURISTIC");
        assertThat(assertProblem(bank.abort(tx), 409).path("state").asString()).isEqualTo("HEURISTIC");
        assertThat(bank.vote(tx, new Op(a, -40)).path("reason").asString()).isEqualTo("HEURISTIC");
        assertThat(bank.send("POST", "/internal/bank/snapshots/heuristic", null).statusCode()).isEqualTo(200);
        bank.send("DELETE", "/internal/bank/snapshots/heuristic", null);
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void anOldBranchWhoseCoordinatorAnswersCommitIsCommitted() {
        String a = bank.newAccount("a", 100);
        String tx = preparePaxos(new Op(a, 25));
        outcome.set("COMMIT");

        clock.setOffset(Duration.ofMinutes(11));
        assertThat(resolver.resolve(tx)).isPresent();

        assertThat(bank.state(tx)).isEqualTo("COMMITTED");
        assertThat(bank.balance(a)).isEqualTo(125);
        assertThat(decision(tx)).isNull();
        assertThat(asked).hasSize(1);
    }

    @Test
    void anOldBranchWhoseCoordinatorAnswersPendingStaysPrepared() {
        String a = bank.newAccount("a", 100);
        String tx = preparePaxos(new Op(a, 25));
        outcome.set("PENDING");

        clock.setOffset(Duration.ofMinutes(11));
        assertThat(resolver.resolve(tx)).isEmpty();

        assertThat(bank.state(tx)).isEqualTo("PREPARED");
        assertThat(bank.locks().findValuesAsString("txId")).contains(tx);
        assertThat(decision(tx)).isNull();
        assertThat(bank.abort(tx).statusCode()).isEqualTo(200);
    }

    @Test
    void aYoungBranchWithoutADecisionStillWritesAbort() {
        String a = bank.newAccount("a", 100);
        String tx = preparePaxos(new Op(a, -40));

        clock.setOffset(Duration.ofMinutes(1));
        assertThat(resolver.resolve(tx)).isPresent();

        assertThat(bank.state(tx)).isEqualTo("ABORTED");
        assertThat(decision(tx)).isEqualTo("ABORT");
        assertThat(asked).as("within the decision retention the store alone decides").isEmpty();
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void localModeAsksWithItsPreparedAtAndEndsHeuristicOnUnknown() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        assertThat(bank.prepareLocal(tx, coordinatorUrl, new Op(a, 7)).statusCode()).isEqualTo(200);
        String preparedAt = json(bank.branch(tx)).path("preparedAt").asString();

        clock.setOffset(Duration.ofSeconds(6));
        resolver.resolve(tx);

        assertThat(asked).containsExactly("/internal/bank/decisions/" + tx + "?mode=local&preparedAt=" + preparedAt
                + " Bearer " + BankHttp.TOKEN);
        assertThat(bank.state(tx)).isEqualTo("HEURISTIC");
        assertThat(bank.balance(a)).isEqualTo(100);
        assertThat(bank.locks().findValuesAsString("txId")).doesNotContain(tx);
    }

    private String preparePaxos(Op... ops) {
        String tx = BankHttp.txId();
        var r = bank.send("POST", "/internal/bank/transactions/" + tx + "/prepare",
                BankHttp.prepareBody("paxos", coordinatorUrl, List.of(ops)));
        assertThat(json(r).path("vote").asString()).as(r.body()).isEqualTo("YES");
        return tx;
    }

    private String decision(String txId) {
        return store.read(ConfigStore.Consistency.STALE, sm -> {
            KvEntry e = sm.get(InDoubtResolver.decisionKey(txId));
            return e == null ? null : e.value();
        }).join();
    }

    private double heuristic() {
        var counter = meters.find("bank.branches.heuristic").counter();
        return counter == null ? 0 : counter.count();
    }
}
