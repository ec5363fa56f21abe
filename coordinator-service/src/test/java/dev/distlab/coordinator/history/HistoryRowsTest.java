package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;

import dev.distlab.common.storage.WriteAheadLog;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.history.TransactionHistory.BranchVote;
import dev.distlab.coordinator.history.TransactionHistory.NewBranch;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.CrashCopies;
import dev.distlab.paxos.storage.NioLogFileSystem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The history's per-transfer writes go to the database in plain JDBC: the rows they leave are what the entities
 * read, their conditions hold (a decision only moves PREPARING, a completion stamps once), a write that fails
 * leaves nothing, and the images they log are the rows as written.
 */
class HistoryRowsTest {

    private static final Instant CREATED = Instant.parse("2026-12-06T12:00:00.123456Z");
    private static final String ALICE = "[{\"account\":\"alice\",\"delta\":-5}]";
    private static final String BOB = "[{\"account\":\"bob\",\"delta\":5}]";

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2);

    private final TransactionHistory history = bank.coordinator().bean(TransactionHistory.class);

    /** Each test reads the log from empty, and only what it wrote. */
    @BeforeEach
    void quietAndEmptyTheLog() {
        // recovery would decide what the tests leave PREPARING, and the checkpoints would empty the log they read
        bank.coordinator().beans(Periodic.class).forEach(Periodic::stop);
        history.checkpoint();
    }

    @Test
    void shouldWriteTheRowsTheEntitiesReadAndLogThemAsWritten(@TempDir Path copy) throws IOException {
        begin("rows-aborted");
        assertThat(history.find("rows-aborted")).get().satisfies(t -> {
            assertThat(t.getStatus()).isEqualTo(TxStatus.PREPARING);
            assertThat(t.getCreatedAt()).isEqualTo(CREATED);
            assertThat(t.getMode()).isEqualTo("local");
            assertThat(t.getCoordinator()).isEqualTo("coordinator-test");
            assertThat(t.getIdempotencyKeyHash()).isEqualTo("key-hash");
            assertThat(t.getRequestHash()).isEqualTo("request-hash");
            assertThat(t.getReason()).isNull();
            assertThat(t.getDecidedAt()).isNull();
            assertThat(t.getCompletedAt()).isNull();
            assertThat(t.isHeuristic()).isFalse();
            assertThat(t.getDecisionForgottenAt()).isNull();
        });
        HistoryImage begun = imageOfRows("rows-aborted");

        history.recordVotes("rows-aborted", List.of(new BranchVote("participant-1", "YES", null, "PREPARED"),
                new BranchVote("participant-2", null, "TIMEOUT", null),
                new BranchVote("participant-9", "YES", null, "PREPARED")));
        assertThat(history.branches("rows-aborted"))
                .extracting(BranchRecord::getVote, BranchRecord::getVoteReason, BranchRecord::getState)
                .as("a vote without a state keeps the branch's; an unknown branch is skipped")
                .containsExactly(tuple("YES", null, "PREPARED"), tuple(null, "TIMEOUT", "PREPARING"));

        assertThat(history.decideIfPreparing("rows-aborted", TxStatus.ABORTED, "TIMEOUT", true)).isTrue();
        HistoryImage decided = imageOfRows("rows-aborted").withBranches(List.of());
        assertThat(history.decideIfPreparing("rows-aborted", TxStatus.COMMITTED, null, true))
                .as("already decided").isFalse();
        assertThat(imageOfRows("rows-aborted").withBranches(List.of())).as("left as the first decision made it")
                .isEqualTo(decided);
        assertThat(decided.status()).isEqualTo(TxStatus.ABORTED);
        assertThat(decided.reason()).isEqualTo("TIMEOUT");
        assertThat(decided.decidedAt()).isNotNull();

        history.acknowledge("rows-aborted", "participant-1", "ABORTED");
        history.acknowledge("rows-aborted", "participant-2", "ABORTED");
        history.complete("rows-aborted");
        HistoryImage completed = imageOfRows("rows-aborted");
        history.complete("rows-aborted");
        assertThat(imageOfRows("rows-aborted")).as("the first completion's stamp stays").isEqualTo(completed);
        assertThat(completed.completedAt()).isNotNull();
        assertThat(completed.branches())
                .extracting(HistoryImage.Branch::vote, HistoryImage.Branch::state, HistoryImage.Branch::acknowledged)
                .containsExactly(tuple("YES", "ABORTED", true), tuple(null, "ABORTED", true));

        history.complete("rows-unknown");
        assertThat(history.decideIfPreparing("rows-unknown", TxStatus.COMMITTED, null, true)).isFalse();
        assertThat(history.find("rows-unknown")).isEmpty();

        assertThat(begun).isEqualTo(new HistoryImage("rows-aborted", TxStatus.PREPARING, null, "local",
                "coordinator-test", CREATED, null, null, "key-hash", "request-hash",
                List.of(new HistoryImage.Branch("participant-1", ALICE, null, null, "PREPARING", false),
                        new HistoryImage.Branch("participant-2", BOB, null, null, "PREPARING", false))));
        assertThat(logged(copy)).as("the forced writes' images, nothing for an unknown transaction")
                .containsExactly(begun, decided, decided, completed, completed);
    }

    @Test
    void shouldGiveACommittedBranchWithoutARecordedVoteItsYes() {
        begin("rows-committed");
        history.recordVotes("rows-committed", List.of(new BranchVote("participant-2", "YES", null, "PREPARED")));
        assertThat(history.decideIfPreparing("rows-committed", TxStatus.COMMITTED, null, false)).isTrue();

        history.acknowledge("rows-committed", "participant-1", "COMMITTED");
        history.heuristic("rows-committed", "participant-2", "ABORTED");

        assertThat(history.branches("rows-committed"))
                .extracting(BranchRecord::getVote, BranchRecord::getState, BranchRecord::isAcknowledged)
                .containsExactly(tuple("YES", "COMMITTED", true), tuple("YES", "ABORTED", true));
        assertThat(history.find("rows-committed")).get().satisfies(t -> {
            assertThat(t.getStatus()).as("still what was decided").isEqualTo(TxStatus.COMMITTED);
            assertThat(t.isHeuristic()).isTrue();
        });
    }

    @Test
    void shouldLeaveNoRowOfABeginThatFailedAfterItsTransactionRow() {
        String tooLong = "p".repeat(257); // coord_branch.participant holds 256
        assertThatThrownBy(() -> history.begin("rows-failed", "local", "coordinator-test", CREATED, null, null,
                List.of(new NewBranch("participant-1", List.of(new Operation("alice", -5))),
                        new NewBranch(tooLong, List.of(new Operation("bob", 5))))))
                .isInstanceOf(DataAccessException.class);

        assertThat(history.find("rows-failed")).as("the transaction row, rolled back with the branch").isEmpty();
        assertThat(history.branches("rows-failed")).isEmpty();
    }

    private void begin(String txId) {
        history.begin(txId, "local", "coordinator-test", CREATED, "key-hash", "request-hash",
                List.of(new NewBranch("participant-1", List.of(new Operation("alice", -5))),
                        new NewBranch("participant-2", List.of(new Operation("bob", 5)))));
    }

    /** The transaction and its branches as the entities read them, as an image. */
    private HistoryImage imageOfRows(String txId) {
        TransactionRecord t = history.find(txId).orElseThrow();
        return new HistoryImage(t.getId(), t.getStatus(), t.getReason(), t.getMode(), t.getCoordinator(),
                t.getCreatedAt(), t.getDecidedAt(), t.getCompletedAt(), t.getIdempotencyKeyHash(), t.getRequestHash(),
                history.branches(txId).stream().map(b -> new HistoryImage.Branch(b.getParticipant(),
                        b.getOperations(), b.getVote(), b.getVoteReason(), b.getState(), b.isAcknowledged()))
                        .toList());
    }

    /** The images in the coordinator's write-ahead log (emptied before each test), read from a copy of it. */
    private static List<HistoryImage> logged(Path copy) throws IOException {
        CrashCopies.copyLog(bank.dataDir(), copy);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WriteAheadLog log = WriteAheadLog.open(NioLogFileSystem.INSTANCE, "the copied history",
                copy.resolve("coordinator").resolve("history-log"), (why, cause) -> {
                }, registry.timer("waits"), registry.counter("syncs"))) {
            return log.takeRecovered().stream().map(HistoryImage::fromBytes).toList();
        }
    }
}
