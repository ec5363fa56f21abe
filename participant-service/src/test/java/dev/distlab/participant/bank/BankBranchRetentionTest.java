package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

import dev.distlab.participant.bank.BankHttp.Op;
import dev.distlab.participant.config.InMemoryConfigStoreConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Finished branch records are deleted after the branch retention (1 h here), and a prepare of a transaction
 * created more than half of it ago is refused, so a deleted record can never be prepared again. Time is moved
 * with the bank's clock; the scheduled sweep never runs (the test sweeps itself).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.replication.enabled=false", "platform.instance-id=participant-5",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h",
                "platform.bank.resolve-interval=1h",
                "platform.bank.branch-retention=1h",
                "platform.bank.branch-sweep-interval=1h" })
@Import({ InMemoryConfigStoreConfiguration.class, MovableClock.Config.class })
@ExtendWith(OutputCaptureExtension.class)
class BankBranchRetentionTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    BranchCollector collector;

    @Autowired
    MeterRegistry meters;

    private BankHttp bank;

    @BeforeEach
    void setUp() {
        bank = new BankHttp(port);
        clock.setOffset(Duration.ZERO);
    }

    @AfterEach
    void resetClock() {
        clock.setOffset(Duration.ZERO);
    }

    @Test
    void theCollectorDeletesOldFinishedBranchesAndKeepsPreparedAndYoungOnes(CapturedOutput output) {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String committed = bank.prepared(new Op(a, -10));
        assertThat(bank.commit(committed).statusCode()).isEqualTo(200);
        String tombstone = BankHttp.txId();
        assertThat(bank.abort(tombstone).statusCode()).isEqualTo(200);
        String votedNo = BankHttp.txId();
        assertThat(bank.vote(votedNo, new Op(a, -1000)).path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        String prepared = bank.prepared(new Op(b, 5));

        clock.setOffset(Duration.ofMinutes(61));
        String young = prepareAt(clock.instant(), new Op(a, -1));
        assertThat(bank.commit(young).statusCode()).isEqualTo(200);
        double before = collected();

        assertThat(collector.sweep()).isGreaterThanOrEqualTo(3);

        for (String gone : List.of(committed, tombstone, votedNo)) {
            assertProblem(bank.branch(gone), 404);
        }
        assertThat(bank.state(prepared)).as("a PREPARED branch is never collected").isEqualTo("PREPARED");
        assertThat(bank.state(young)).as("a branch decided within the retention stays").isEqualTo("COMMITTED");
        assertThat(bank.balance(a)).isEqualTo(89);
        assertThat(collected()).isGreaterThanOrEqualTo(before + 3);
        assertThat(output.getOut()).contains("finished branch records").contains("older than the branch retention");

        // what a late message for a deleted record gets: a prepare is refused by its age (nothing recorded, no
        // locks), a commit is 404, an abort writes a new tombstone
        HttpResponse<String> late = bank.send("POST", "/internal/bank/transactions/" + committed + "/prepare",
                BankHttp.prepareBody("paxos", null, clock.instant().minus(Duration.ofMinutes(61)),
                        List.of(new Op(a, -10))));
        assertThat(json(late).path("reason").asString()).as(late.body()).isEqualTo("EXPIRED");
        assertProblem(bank.branch(committed), 404);
        assertProblem(bank.commit(committed), 404);
        assertThat(bank.abort(tombstone).statusCode()).isEqualTo(200);
        assertThat(bank.state(tombstone)).isEqualTo("ABORTED");
        assertThat(bank.balance(a)).isEqualTo(89);

        assertThat(bank.abort(prepared).statusCode()).isEqualTo(200);
    }

    @Test
    void aPrepareCreatedLongerAgoThanHalfTheRetentionVotesNoExpiredAndChangesNothing() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        Instant created = clock.instant().minus(Duration.ofMinutes(31));

        HttpResponse<String> r = bank.send("POST", "/internal/bank/transactions/" + tx + "/prepare",
                BankHttp.prepareBody("paxos", null, created, List.of(new Op(a, -10))));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode vote = json(r);
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("EXPIRED");
        assertThat(vote.path("state").isNull()).as("nothing recorded").isTrue();
        assertProblem(bank.branch(tx), 404);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContain(a);
        assertThat(bank.balance(a)).isEqualTo(100);

        // one created within the window is prepared as usual
        String fresh = prepareAt(clock.instant().minus(Duration.ofMinutes(29)), new Op(a, -10));
        assertThat(bank.abort(fresh).statusCode()).isEqualTo(200);
    }

    /** Prepares a new transaction created at {@code createdAt}, asserting YES; returns its id. */
    private String prepareAt(Instant createdAt, Op... ops) {
        String tx = BankHttp.txId();
        HttpResponse<String> r = bank.send("POST", "/internal/bank/transactions/" + tx + "/prepare",
                BankHttp.prepareBody("paxos", null, createdAt, List.of(ops)));
        assertThat(json(r).path("vote").asString()).as(r.body()).isEqualTo("YES");
        return tx;
    }

    private double collected() {
        var counter = meters.find("bank.branches.collected").counter();
        return counter == null ? 0 : counter.count();
    }
}
