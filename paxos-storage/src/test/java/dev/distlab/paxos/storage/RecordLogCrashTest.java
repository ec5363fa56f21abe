package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.paxos.storage.sim.SimulatedCrash;
import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

/**
 * Power lost in the middle of every disk operation of a run that creates, appends, syncs and rewrites the log,
 * each with several seeds (unsynced bytes lost, torn or reordered by page): after reopening, every record synced
 * before the crash is there, nothing but a prefix of what was written is returned, and the log keeps working.
 */
class RecordLogCrashTest {

    private static final Path DIR = Path.of("/sim/data/paxos");
    private static final int SEEDS = 12;

    @Test
    void everySyncedRecordSurvivesACrashAtEveryDiskOperation() throws IOException {
        long operations = operationsOfAFullRun();
        assertThat(operations).isGreaterThan(20);
        for (long crashAt = 1; crashAt <= operations + 1; crashAt++) {
            for (int seed = 0; seed < SEEDS; seed++) {
                SimulatedFileSystem fs = new SimulatedFileSystem(crashAt * 1000 + seed);
                History history = new History();
                fs.crashAtOperation(crashAt);
                try {
                    run(fs, history);
                } catch (SimulatedCrash expected) {
                    // the machine lost power in the middle of operation crashAt
                }
                fs.crash();
                String where = "crash at operation " + crashAt + ", seed " + seed;
                List<String> recovered = reopen(fs);
                history.check(recovered, where);

                // the log still works: what is appended after the recovery survives the next crash
                try (RecordLog log = RecordLog.open(fs, DIR, r -> { })) {
                    log.append(record("after"));
                    log.sync();
                }
                fs.crash();
                List<String> expected = new ArrayList<>(recovered);
                expected.add("after");
                assertThat(reopen(fs)).as(where + ", then one more record").isEqualTo(expected);
            }
        }
    }

    private static long operationsOfAFullRun() throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem(0);
        History history = new History();
        run(fs, history);
        fs.crash();
        assertThat(reopen(fs)).isEqualTo(history.acked);
        return fs.operations();
    }

    /** Appends big enough records to span several 4 KiB pages, so that page reordering matters. */
    private static void run(SimulatedFileSystem fs, History history) throws IOException {
        RecordLog log = RecordLog.open(fs, DIR, r -> { });
        history.appendAndSync(log, "a1", "a2", "a3");
        history.appendAndSync(log, "b1");
        history.rewrite(log, List.of("a3", "b1"));
        history.appendAndSync(log, "c1", "c2");
        log.close();
    }

    private static List<String> reopen(SimulatedFileSystem fs) throws IOException {
        List<String> names = new ArrayList<>();
        try (RecordLog log = RecordLog.open(fs, DIR, r -> names.add(nameOf(r)))) {
            return names;
        }
    }

    /** Records of the run span pages; the one appended after recovery is short, so it cannot hide a tail left behind. */
    private static byte[] record(String name) {
        int repeat = name.equals("after") ? 1 : 700 + name.hashCode() % 300;
        String body = name + ":" + (name + ".").repeat(repeat);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String nameOf(byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        String name = text.substring(0, text.indexOf(':'));
        assertThat(record).as("record %s intact", name).isEqualTo(record(name));
        return name;
    }

    /** What the log must hold: everything acknowledged, at most a prefix of what was being written. */
    private static final class History {
        List<String> acked = List.of();
        List<String> writing = List.of();
        List<String> rewritingTo;

        void appendAndSync(RecordLog log, String... names) throws IOException {
            List<String> next = new ArrayList<>(acked);
            next.addAll(List.of(names));
            writing = next;
            for (String name : names) {
                log.append(record(name));
            }
            log.sync();
            acked = next;
        }

        void rewrite(RecordLog log, List<String> names) throws IOException {
            rewritingTo = names;
            log.rewrite(names.stream().map(RecordLogCrashTest::record).toList());
            acked = names;
            writing = names;
            rewritingTo = null;
        }

        void check(List<String> recovered, String where) {
            boolean between = recovered.size() >= acked.size() && recovered.subList(0, acked.size()).equals(acked)
                    && recovered.size() <= writing.size() && writing.subList(0, recovered.size()).equals(recovered);
            boolean rewritten = recovered.equals(rewritingTo);
            assertThat(between || rewritten).as("%s: recovered %s, acknowledged %s, writing %s, rewriting to %s",
                    where, recovered, acked, writing, rewritingTo).isTrue();
        }
    }
}
