package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.item;
import static dev.distlab.participant.bank.BankHttp.json;
import static dev.distlab.participant.bank.BankHttp.prepareItem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.participant.bank.BankHttp.Op;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * A batch's one sync: what a single endpoint does only after its sync (crash points "after ... durable", metrics)
 * happens after the batch's sync; if that sync fails the whole batch fails, and the branches it decided still
 * release their locks.
 */
class BankBatchDurabilityTest extends ForceFailureTestBase {

    private static final List<String> POINTS = List.of("participant.after-vote-durable",
            "participant.after-commit-applied", "participant.after-abort-applied");

    @Autowired
    CrashPoints crashPoints;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void disarmTheCrashPoints() {
        POINTS.forEach(crashPoints::disarm);
    }

    @Test
    void theCrashPointAfterAVoteIsReachedOnlyAfterTheBatchForcedEveryItem() {
        String first = BankHttp.txId();
        String second = BankHttp.txId();
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        long syncs = sync.syncCount();

        crashPoints.arm("participant.after-vote-durable", 1);
        JsonNode results = bank.batch(prepareItem(first, new Op(a, -1)), prepareItem(second, new Op(b, -1)));

        assertThat(LookingCrashPoints.HALTS).hasSize(1);
        LookingCrashPoints.Halt halt = LookingCrashPoints.HALTS.get(0);
        assertThat(halt.point()).isEqualTo("participant.after-vote-durable");
        assertThat(halt.syncs()).as("reached after the batch's one sync").isEqualTo(syncs + 1);
        assertThat(halt.locks()).as("reached after the last item ran").contains(new LockTable.Lock(b, second));
        // the first item's reply "never left": its answer is the single endpoint's 500; the second one voted YES
        assertThat(results.get(0).path("status").asInt()).isEqualTo(500);
        assertThat(results.get(1).path("body").path("vote").asString()).isEqualTo("YES");
        assertThat(bank.state(first)).isEqualTo("PREPARED");
        assertThat(bank.state(second)).isEqualTo("PREPARED");

        crashPoints.arm("participant.after-vote-durable", 1);
        String single = BankHttp.txId();
        HttpResponse<String> crashed = bank.prepare(single, new Op(bank.newAccount("c", 100), -1));
        JsonNode expected = json(crashed);
        JsonNode got = results.get(0).path("body");
        assertThat(got.path("detail")).isEqualTo(expected.path("detail"));
        assertThat(got.path("type")).isEqualTo(expected.path("type"));
        assertThat(got.path("status").asInt()).isEqualTo(crashed.statusCode());
        List.of(first, second, single).forEach(bank::abort);
    }

    @Test
    void aFailedBatchForceFailsTheBatchAndStillReleasesTheLocksOfTheBranchesItDecided() {
        String a = bank.newAccount("a", 100);
        String b = bank.newAccount("b", 100);
        String c = bank.newAccount("c", 100);
        String committed = bank.prepared(new Op(a, -10));
        String aborted = bank.prepared(new Op(b, -10));
        String prepared = BankHttp.txId();
        POINTS.forEach(point -> crashPoints.arm(point, 1));
        double commits = meters.counter("bank.commits").count();

        sync.failNext(1);
        HttpResponse<String> failed = bank.batch(BankHttp.batchBody(List.of(item(committed, "commit", null),
                item(aborted, "abort", null), prepareItem(prepared, new Op(c, -10)))));

        assertProblem(failed, 500);
        assertThat(LookingCrashPoints.HALTS).as("nothing that follows a successful sync ran").isEmpty();
        assertThat(meters.counter("bank.commits").count()).isEqualTo(commits);
        assertThat(bank.state(committed)).isEqualTo("COMMITTED");
        assertThat(bank.state(aborted)).isEqualTo("ABORTED");
        assertThat(bank.state(prepared)).isEqualTo("PREPARED");
        List<String> holders = bank.locks().findValuesAsString("txId");
        assertThat(holders).as("decided branches hold no locks").doesNotContain(committed, aborted);
        assertThat(holders).as("a PREPARED one keeps them, as after a single prepare").contains(prepared);

        // the coordinator's retry is answered from the records
        POINTS.forEach(crashPoints::disarm);
        JsonNode retried = bank.batch(item(committed, "commit", null), item(aborted, "abort", null),
                item(prepared, "abort", null));
        assertThat(BankHttp.statuses(retried)).containsOnly(200);
        assertThat(bank.balance(a)).isEqualTo(90);
        assertThat(bank.balance(b)).isEqualTo(100);
        assertThat(bank.balance(c)).isEqualTo(100);
    }
}
