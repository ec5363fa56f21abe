package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.core.persist.CommitRecord;
import dev.distlab.paxos.core.persist.EntryRecord;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PromiseRecord;
import dev.distlab.paxos.storage.sim.SimulatedCrash;
import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

/**
 * DurableLog with compaction on the simulated disk, power lost at every disk operation: the promise and entries
 * of every sync that returned are there after reopening, and nothing that was never appended.
 */
class DurableLogCrashTest {

    private static final Path DIR = Path.of("/sim/node/paxos");
    private static final int SYNCS = 30;
    private static final long COMPACT_ABOVE = 512;

    @Test
    void whatEveryReturnedSyncMadeDurableSurvivesACrashAtEveryDiskOperation() throws IOException {
        SimulatedFileSystem dry = new SimulatedFileSystem(0);
        int[] acked = new int[1];
        run(dry, acked);
        long operations = dry.operations();
        for (long crashAt = 1; crashAt <= operations; crashAt++) {
            for (int seed = 0; seed < 4; seed++) {
                SimulatedFileSystem fs = new SimulatedFileSystem(crashAt * 100 + seed);
                fs.crashAtOperation(crashAt);
                acked[0] = 0;
                try {
                    run(fs, acked);
                } catch (SimulatedCrash expected) {
                    // power lost in the middle of operation crashAt
                }
                fs.crash();
                try (DurableLog log = DurableLog.open(fs, DIR, COMPACT_ABOVE)) {
                    String where = "crash at operation " + crashAt + ", seed " + seed + ", " + acked[0] + " syncs acked";
                    // a batch is not atomic: of the sync in flight, any prefix of its records may have landed
                    int atMost = Math.min(acked[0] + 1, SYNCS);
                    assertThat(log.state().promised().round()).as(where).isBetween((long) acked[0], (long) atMost);
                    List<Long> slots = log.state().entries().stream().map(LogEntry::slot).toList();
                    assertThat(slots.size()).as(where).isBetween(acked[0], atMost);
                    assertThat(slots).as(where).isEqualTo(range(slots.size()));
                    assertThat(log.state().commitIndex()).as(where).isBetween((long) acked[0], (long) atMost);
                }
            }
        }
    }

    /** Sync number i promises round i and appends slot i, committed: a log that grows past the threshold. */
    private static void run(SimulatedFileSystem fs, int[] acked) throws IOException {
        DurableLog log = DurableLog.open(fs, DIR, COMPACT_ABOVE);
        for (int i = 1; i <= SYNCS; i++) {
            List<PersistRecord> batch = List.of(new PromiseRecord(new Ballot(i, 1)),
                    new EntryRecord(new LogEntry(i, new Ballot(i, 1), new Value(new ArrayList<>()), false)),
                    new CommitRecord(i));
            log.append(batch);
            log.sync();
            acked[0] = i;
        }
        assertThat(log.compactions()).isPositive();
        log.close();
    }

    private static List<Long> range(int last) {
        List<Long> slots = new ArrayList<>();
        for (long slot = 1; slot <= last; slot++) {
            slots.add(slot);
        }
        return slots;
    }
}
