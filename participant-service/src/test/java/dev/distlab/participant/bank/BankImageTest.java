package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The write-ahead log's images: what they carry, and that replaying one never moves a row back. */
class BankImageTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void anImageReadBackIsTheImageWritten() {
        BankImage.AccountRow alice = new BankImage.AccountRow("alice", 100, T0, 0).withBalance(70);
        BankImage image = BankImage.of(BankImage.BranchRow.tombstone("tx-1", T0), List.of(alice));

        BankImage read = BankImage.fromBytes(image.toBytes());

        assertThat(read).isEqualTo(image);
        assertThat(read.accounts()).containsExactly(new BankImage.AccountRow("alice", 70, T0, 1));
        assertThat(read.branches().get(0).state()).isEqualTo(BranchState.ABORTED);
    }

    @Test
    void anAccountTakesOnlyANewerVersionWhateverOrderTheImagesComeIn() {
        BankImage.AccountRow v1 = new BankImage.AccountRow("alice", 100, T0, 0).withBalance(90);
        BankImage.AccountRow v2 = v1.withBalance(80);

        Account lost = Account.restored(new BankImage.AccountRow("alice", 100, T0, 0));
        assertThat(lost.catchUp(v2)).isTrue();
        assertThat(lost.catchUp(v1)).as("older than what it has").isFalse();
        assertThat(lost.getBalance()).isEqualTo(80);
        assertThat(lost.catchUp(v2)).as("the same version again").isFalse();
    }

    @Test
    void aBranchOnlyMovesOnFromPrepared() {
        Branch prepared = Branch.restored(row("tx-2", BranchState.PREPARED, null));
        BankImage.BranchRow committed = row("tx-2", BranchState.COMMITTED, T0.plusSeconds(1));

        assertThat(prepared.catchUp(row("tx-2", BranchState.PREPARED, null))).isFalse();
        assertThat(prepared.catchUp(committed)).isTrue();
        assertThat(prepared.getState()).isEqualTo(BranchState.COMMITTED);
        assertThat(prepared.getDecidedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(prepared.catchUp(row("tx-2", BranchState.PREPARED, null))).as("never back").isFalse();
        assertThat(prepared.getState()).isEqualTo(BranchState.COMMITTED);
    }

    private static BankImage.BranchRow row(String txId, BranchState state, Instant decidedAt) {
        return new BankImage.BranchRow(txId, state, "YES", null, "coordinator-1", "http://127.0.0.1:1", "paxos", "[]",
                "[{\"account\":\"alice\",\"delta\":-10}]", T0, decidedAt);
    }
}
