package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.Snapshot;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.core.persist.CommitRecord;
import dev.distlab.paxos.core.persist.EntryRecord;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PromiseRecord;
import dev.distlab.paxos.core.persist.SnapshotRecord;
import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

class DurableLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldRestoreThePromiseEntriesAndCommitIndexAfterReopening() throws IOException {
        try (DurableLog log = DurableLog.open(dir, Long.MAX_VALUE)) {
            log.append(List.of(new PromiseRecord(new Ballot(3, 1)), entry(1), entry(2), new CommitRecord(2)));
            log.sync();
        }
        try (DurableLog log = DurableLog.open(dir, Long.MAX_VALUE)) {
            assertThat(log.state().promised()).isEqualTo(new Ballot(3, 1));
            assertThat(log.state().entries()).extracting(LogEntry::slot).containsExactly(1L, 2L);
            assertThat(log.state().commitIndex()).isEqualTo(2);
        }
    }

    @Test
    void shouldForgetRecordsThatWereNeverSynced() throws IOException {
        DurableLog log = DurableLog.open(dir, Long.MAX_VALUE);
        log.append(List.of(new PromiseRecord(new Ballot(1, 1))));
        log.sync();
        log.append(List.of(new PromiseRecord(new Ballot(9, 1))));
        // the process dies before sync
        try (DurableLog reopened = DurableLog.open(dir, Long.MAX_VALUE)) {
            assertThat(reopened.state().promised()).isEqualTo(new Ballot(1, 1));
        }
    }

    @Test
    void shouldRewriteCompactlyAfterASnapshotOnceTheLogHasGrown() throws IOException {
        long sizeAfter;
        try (DurableLog log = DurableLog.open(dir, 16 * 1024)) {
            log.append(List.of(new PromiseRecord(new Ballot(2, 2))));
            for (int slot = 1; slot <= 500; slot++) {
                log.append(List.of(entry(slot)));
            }
            log.append(List.of(new SnapshotRecord(new Snapshot(490, new byte[] { 1, 2, 3 })), new CommitRecord(500)));
            log.sync();
            sizeAfter = log.sizeBytes();
        }
        assertThat(sizeAfter).isLessThan(4 * 1024);
        try (DurableLog log = DurableLog.open(dir, 16 * 1024)) {
            assertThat(log.state().promised()).isEqualTo(new Ballot(2, 2));
            assertThat(log.state().snapshot().index()).isEqualTo(490);
            assertThat(log.state().entries()).extracting(LogEntry::slot).containsExactly(491L, 492L, 493L, 494L,
                    495L, 496L, 497L, 498L, 499L, 500L);
            assertThat(log.state().commitIndex()).isEqualTo(500);
        }
    }

    @Test
    void shouldNotRewriteOnEverySyncWhenTheCompactedLogIsItselfAboveTheThreshold() throws IOException {
        // on the simulated disk: 700 real fsyncs would make this test slow
        SimulatedFileSystem disk = new SimulatedFileSystem(1);
        Path simDir = Path.of("/sim/paxos");
        try (DurableLog log = DurableLog.open(disk, simDir, 2 * 1024)) {
            List<PersistRecord> entries = new ArrayList<>();
            for (int slot = 1; slot <= 200; slot++) {
                entries.add(entry(slot));
            }
            log.append(entries); // no snapshot: compaction keeps every entry, so the log stays above 2 KiB
            log.sync();
            assertThat(log.compactions()).isEqualTo(1);
            long compacted = log.sizeBytes();
            assertThat(compacted).isGreaterThan(2 * 1024);
            for (int commit = 1; commit <= 200; commit++) {
                log.append(List.of(new CommitRecord(commit)));
                log.sync();
            }
            // 200 small syncs grow the log by less than it holds: no rewrite, where every sync used to rewrite it
            assertThat(log.compactions()).isEqualTo(1);
            for (int slot = 201; slot <= 700; slot++) {
                log.append(List.of(entry(slot)));
                log.sync();
            }
            // once it has doubled it is compacted again, each time it doubles
            assertThat(log.compactions()).isBetween(2L, 3L);
        }
        try (DurableLog log = DurableLog.open(disk, simDir, 2 * 1024)) {
            assertThat(log.state().entries()).hasSize(700);
            assertThat(log.state().commitIndex()).isEqualTo(200);
        }
    }

    private static PersistRecord entry(long slot) {
        List<dev.distlab.paxos.core.Command> none = new ArrayList<>();
        return new EntryRecord(new LogEntry(slot, new Ballot(2, 2), new Value(none), false));
    }
}
