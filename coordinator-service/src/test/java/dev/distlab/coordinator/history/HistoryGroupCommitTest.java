package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.reset;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataAccessException;

import dev.distlab.common.storage.WriteAheadLog;
import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.history.TransactionHistory.BranchVote;
import dev.distlab.coordinator.history.TransactionHistory.NewBranch;
import dev.distlab.coordinator.support.BankFixture;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.PersistenceException;

/**
 * The history's writes of concurrent transactions share database transactions and forces, on the real database: a
 * first write is held inside its transaction (at its first SQL statement, by the {@link StatementGate}) while the
 * next callers queue behind it.
 */
class HistoryGroupCommitTest {

    private static final int QUEUED = 8;

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2).with(ForceStub.class);

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private TransactionHistory history;
    private WriteAheadLog wal;
    private DistributionSummary groupSizes;

    @BeforeEach
    void beans() throws SQLException {
        StatementGate.install(bank.coordinator().bean(DataSource.class));
        // recovery, the retention and idempotency sweeps: no background write may mix into what a test counts
        bank.coordinator().beans(Periodic.class).forEach(Periodic::stop);
        history = bank.coordinator().bean(TransactionHistory.class);
        wal = bank.coordinator().bean(WriteAheadLog.class);
        groupSizes = bank.coordinator().bean(MeterRegistry.class).get("bank.history.group.size").summary();
    }

    @AfterEach
    void openAndStop() {
        StatementGate.open();
        reset(wal); // a failure a test armed and did not use goes; every sync goes to the real one again
        callers.shutdownNow();
    }

    @Test
    void shouldWriteBeginsQueuedBehindAFirstOneInOneTransactionAndOneForce() throws Exception {
        CompletableFuture<Void> first = heldBegin("insert into coord_transaction", "group-first");
        long groupsBefore = groupSizes.count();
        double writesBefore = groupSizes.totalAmount();
        long syncsBefore = wal.syncCount();

        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            String txId = "group-" + i;
            queued.add(run(() -> begin(txId)));
        }
        await("the begins to queue").until(() -> history.queuedWrites() == QUEUED);
        StatementGate.open();
        first.join();
        queued.forEach(CompletableFuture::join);

        assertThat(groupSizes.count() - groupsBefore).as("groups written after the first").isEqualTo(1);
        assertThat(groupSizes.totalAmount() - writesBefore).isEqualTo(QUEUED);
        assertThat(wal.syncCount() - syncsBefore).as("log syncs for %s begins", QUEUED + 1).isBetween(1L, 2L);
        for (int i = 0; i < QUEUED; i++) {
            assertThat(history.find("group-" + i)).get().extracting(TransactionRecord::getStatus)
                    .isEqualTo(TxStatus.PREPARING);
            assertThat(history.branches("group-" + i)).extracting(BranchRecord::getParticipant)
                    .containsExactly("participant-1", "participant-2");
        }
    }

    @Test
    void shouldGiveTheBeginOfATombstonedIdItsExceptionAndRecordTheOthersOfItsGroup() throws Exception {
        assertThat(history.tombstone("dead", "paxos", "coordinator-test")).isTrue();
        CompletableFuture<Void> first = heldBegin("insert into coord_transaction", "tomb-first");
        long groupsBefore = groupSizes.count();

        CompletableFuture<Void> before = queue(() -> begin("tomb-before"));
        CompletableFuture<Void> dead = queue(() -> begin("dead"));
        CompletableFuture<Void> after = queue(() -> begin("tomb-after"));
        StatementGate.open();
        first.join();

        before.join();
        after.join();
        assertThatThrownBy(dead::join).cause().isInstanceOfAny(DataAccessException.class, PersistenceException.class);
        assertThat(groupSizes.count() - groupsBefore).isEqualTo(1);
        assertThat(history.find("dead")).get().satisfies(t -> {
            assertThat(t.getStatus()).isEqualTo(TxStatus.ABORTED);
            assertThat(t.getCompletedAt()).as("still the tombstone").isNotNull();
        });
        assertThat(history.branches("dead")).isEmpty();
        for (String txId : List.of("tomb-before", "tomb-after")) {
            assertThat(history.find(txId)).get().extracting(TransactionRecord::getStatus)
                    .isEqualTo(TxStatus.PREPARING);
            assertThat(history.branches(txId)).hasSize(2);
        }
    }

    @Test
    void shouldRollBackAGroupWhoseWriteFailedAfterOthersWroteAndWriteTheOthersAgain() throws Exception {
        CompletableFuture<Void> first = heldBegin("insert into coord_transaction", "rollback-first");
        long groupsBefore = groupSizes.count();

        CompletableFuture<Void> before = queue(() -> begin("rollback-before"));
        // its transaction row is inserted, then its second branch fails (coord_branch.participant holds 256)
        CompletableFuture<Void> failing = queue(() -> history.begin("rollback-failing", "paxos", "coordinator-test",
                Instant.now(), null, null, List.of(new NewBranch("participant-1", List.of(new Operation("alice", -5))),
                        new NewBranch("p".repeat(257), List.of(new Operation("bob", 5))))));
        CompletableFuture<Void> after = queue(() -> begin("rollback-after"));
        StatementGate.open();
        first.join();

        before.join(); // written again alone: its first insert went with the group's transaction
        after.join();
        assertThatThrownBy(failing::join).cause().isInstanceOf(DataAccessException.class);
        assertThat(groupSizes.count() - groupsBefore).isEqualTo(1);
        assertThat(history.find("rollback-failing")).isEmpty();
        assertThat(history.branches("rollback-failing")).isEmpty();
        for (String txId : List.of("rollback-before", "rollback-after")) {
            assertThat(history.branches(txId)).hasSize(2);
        }
    }

    @Test
    void shouldFailTheCallersThatNeededAFailedForceAndOnlyThem() throws Exception {
        begin("force-acked");
        StatementGate.arm("update coord_branch");
        // an acknowledgement needs no force, so the first group does not take the failure meant for the next
        CompletableFuture<Void> first = run(() -> history.acknowledge("force-acked", "participant-1", "COMMITTED"));
        assertThat(StatementGate.awaitHeld()).as("the acknowledgement held in its transaction").isTrue();

        CompletableFuture<Void> begun = queue(() -> begin("force-new"));
        CompletableFuture<Void> votes = queue(() -> history.recordVotes("force-acked",
                List.of(new BranchVote("participant-2", "YES", null, "PREPARED"))));
        DiskForceException diskFailed = new DiskForceException("forcing the coordinator database failed (test)", null);
        ForceStub.failNextSync(wal, diskFailed);
        StatementGate.open();

        first.join();
        votes.join();
        assertThatThrownBy(begun::join).cause().isSameAs(diskFailed);
        assertThat(history.find("force-new")).as("committed, only not known to be on disk").isPresent();
        assertThat(history.branches("force-acked")).extracting(BranchRecord::getState, BranchRecord::getVote)
                .containsExactly(tuple("COMMITTED", "YES"), tuple("PREPARED", "YES"));
    }

    @Test
    void shouldTellEachDeciderInAGroupWhetherItsOwnCallDecided() throws Exception {
        begin("decide-a");
        begin("decide-b");
        CompletableFuture<Void> first = heldBegin("insert into coord_transaction", "decide-first");

        CompletableFuture<Boolean> commitA = queueAnswer(() -> history.decideIfPreparing("decide-a", TxStatus.COMMITTED,
                null, true));
        CompletableFuture<Boolean> abortA = queueAnswer(() -> history.decideIfPreparing("decide-a", TxStatus.ABORTED,
                "TIMEOUT", true));
        CompletableFuture<Boolean> abortB = queueAnswer(() -> history.decideIfPreparing("decide-b", TxStatus.ABORTED,
                "TIMEOUT", false));
        StatementGate.open();
        first.join();

        assertThat(commitA.join()).isTrue();
        assertThat(abortA.join()).as("decide-a was decided by the call before it in the same group").isFalse();
        assertThat(abortB.join()).isTrue();
        assertThat(history.find("decide-a")).get().extracting(TransactionRecord::getStatus)
                .isEqualTo(TxStatus.COMMITTED);
        assertThat(history.find("decide-b")).get().extracting(TransactionRecord::getStatus)
                .isEqualTo(TxStatus.ABORTED);
    }

    // ------------------------------------------------------------------------------------------------ support

    private void begin(String txId) {
        history.begin(txId, "paxos", "coordinator-test", Instant.now(), null, null,
                List.of(new NewBranch("participant-1", List.of(new Operation("alice", -5))),
                        new NewBranch("participant-2", List.of(new Operation("bob", 5)))));
    }

    /** A begin held at {@code sqlText} inside its group's transaction, so that the next writes queue. */
    private CompletableFuture<Void> heldBegin(String sqlText, String txId) throws InterruptedException {
        StatementGate.arm(sqlText);
        CompletableFuture<Void> first = run(() -> begin(txId));
        assertThat(StatementGate.awaitHeld()).as("the first begin held in its transaction").isTrue();
        return first;
    }

    private CompletableFuture<Void> run(Runnable write) {
        return CompletableFuture.runAsync(write, callers);
    }

    /** Starts a caller and returns once its write is queued, so that the writes queue in the order of the calls. */
    private CompletableFuture<Void> queue(Runnable write) {
        return queueAnswer(() -> {
            write.run();
            return null;
        });
    }

    private <T> CompletableFuture<T> queueAnswer(Supplier<T> write) {
        int before = history.queuedWrites();
        CompletableFuture<T> caller = CompletableFuture.supplyAsync(write, callers);
        await("the write to queue").until(() -> history.queuedWrites() == before + 1);
        return caller;
    }
}
