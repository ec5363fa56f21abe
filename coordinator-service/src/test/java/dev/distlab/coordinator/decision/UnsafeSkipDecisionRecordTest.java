package dev.distlab.coordinator.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeParticipant;

/**
 * {@code platform.unsafe.skip-decision-record}: phase 2 starts without a durable decision. The safe behaviour it
 * breaks is tested in TwoPhaseCommitTest (the COMMIT is written create-only to the store, and a late ABORT loses)
 * and LocalModeTest (two forces before the answer: the transaction, then its decision).
 */
class UnsafeSkipDecisionRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture paxos = new BankFixture(2, "platform.unsafe.skip-decision-record=true");

    @RegisterExtension
    static final BankFixture local = new BankFixture(2, "platform.unsafe.skip-decision-record=true",
            "platform.bank.mode=local");

    @Test
    void inPaxosModeNoDecisionIsWrittenSoAnInDoubtParticipantsAbortWinsAgainstACommittedBranch() {
        paxos.cluster().account("alice", 100, 1);
        paxos.cluster().account("bob", 0, 2);
        FakeParticipant bobs = paxos.participant(2);
        bobs.failPhaseTwo(Integer.MAX_VALUE); // bob's participant stays in doubt, as behind a partition

        Api.Response r = paxos.api().transfer("alice", "bob", 30);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        String key = "tx/" + txId + "/decision";
        await("alice's branch to commit").atMost(WAIT)
                .until(() -> "COMMITTED".equals(paxos.participant(1).state(txId)));
        assertThat(paxos.store().requests()).as("no decision was written to the store")
                .noneMatch(q -> q.path().equals("/api/config/" + key));
        assertThat(paxos.store().value(key)).isNull();
        // what bob's in-doubt resolver does: finds no decision, writes ABORT create-only, and it wins
        try (ConfigClient client = ConfigClient.builder().replica(paxos.store().url()).token(Coordinator.TOKEN)
                .build()) {
            client.putIfAbsent(key, "ABORT");
        }
        assertThat(paxos.store().value(key)).as("a committed transaction's ABORT was accepted").isEqualTo("ABORT");
        bobs.failPhaseTwo(0);
        await("phase 2 to finish").atMost(WAIT)
                .until(() -> paxos.api().get("/api/transactions/" + txId).text("completedAt") != null);
    }

    @Test
    void inLocalModeTheDecisionIsNotForcedBeforeTheAnswer() {
        local.cluster().account("carol", 100, 1);
        local.cluster().account("dave", 0, 2);
        assertThat(local.syncsBeforeCommitted(() -> local.api().transfer("carol", "dave", 1)))
                .as("only the new transaction is forced, not its decision").isEqualTo(1);
    }

    @Test
    void theSwitchIsListedInInfo() {
        assertThat(paxos.api().get("/actuator/info").raw().body()).contains("\"unsafe\":[\"skip-decision-record\"]");
    }
}
