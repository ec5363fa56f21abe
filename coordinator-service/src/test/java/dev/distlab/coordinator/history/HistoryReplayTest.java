package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.history.TransactionHistory.NewBranch;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.CrashCopies;

/**
 * The history's database is written without forcing and caught up from its write-ahead log at start. Built here:
 * the crash in which H2 lost everything it wrote since the last checkpoint (its file copied right after the
 * checkpoint, the log after the later writes were acknowledged); a coordinator started from that copy must have
 * every write that was acknowledged.
 */
class HistoryReplayTest {

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2);

    private TransactionHistory history;

    @BeforeEach
    void beans() {
        // recovery and the checkpoints: nothing may force the database while the test builds its crash
        bank.coordinator().beans(Periodic.class).forEach(Periodic::stop);
        history = bank.coordinator().bean(TransactionHistory.class);
    }

    @Test
    void shouldRestoreEveryAcknowledgedWriteTheDatabaseLostInACrash(@TempDir Path crashed) throws Exception {
        begin("replay-completed");
        begin("replay-decided-before");
        history.checkpoint();
        CrashCopies.copyDatabase(bank.dataDir(), crashed); // H2's file as forced by the checkpoint

        begin("replay-begun");
        begin("replay-decided");
        assertThat(history.decideIfPreparing("replay-decided", TxStatus.COMMITTED, null, true)).isTrue();
        assertThat(history.decideIfPreparing("replay-decided-before", TxStatus.ABORTED, "NO_VOTE", true)).isTrue();
        history.decideIfPreparing("replay-completed", TxStatus.COMMITTED, null, false); // as in paxos mode: unforced
        history.acknowledge("replay-completed", "participant-1", "COMMITTED"); // unforced, then completed
        history.acknowledge("replay-completed", "participant-2", "COMMITTED");
        history.complete("replay-completed");
        CrashCopies.copyLog(bank.dataDir(), crashed); // the log with every acknowledged write

        try (Coordinator restarted = Coordinator.start(crashed, bank.cluster(), "platform.bank.recovery-interval=1h",
                "platform.instance-id=coordinator-restarted")) {
            restarted.beans(Periodic.class).forEach(Periodic::stop);
            TransactionHistory after = restarted.bean(TransactionHistory.class);
            assertThat(after.find("replay-begun")).as("a transaction begun after the checkpoint").isPresent();
            assertThat(after.branches("replay-begun")).extracting(BranchRecord::getParticipant)
                    .containsExactly("participant-1", "participant-2");
            assertThat(TransactionHistory.operations(after.branches("replay-begun").get(0)))
                    .containsExactly(new Operation("alice", -5));
            assertThat(after.find("replay-decided")).get().extracting(TransactionRecord::getStatus)
                    .isEqualTo(TxStatus.COMMITTED);
            assertThat(after.find("replay-decided-before")).get().satisfies(t -> {
                assertThat(t.getStatus()).isEqualTo(TxStatus.ABORTED);
                assertThat(t.getReason()).isEqualTo("NO_VOTE");
                assertThat(t.getDecidedAt()).isNotNull();
            });
            assertThat(after.find("replay-completed")).get().satisfies(t -> {
                assertThat(t.getStatus()).isEqualTo(TxStatus.COMMITTED);
                assertThat(t.getCompletedAt()).isNotNull();
            });
            assertThat(after.branches("replay-completed")).as("the branches as the completion found them")
                    .extracting(BranchRecord::getState, BranchRecord::isAcknowledged)
                    .containsExactly(tuple("COMMITTED", true), tuple("COMMITTED", true));
        }
    }

    private void begin(String txId) {
        history.begin(txId, "local", "coordinator-test", Instant.now(), null, null,
                List.of(new NewBranch("participant-1", List.of(new Operation("alice", -5))),
                        new NewBranch("participant-2", List.of(new Operation("bob", 5)))));
    }
}
