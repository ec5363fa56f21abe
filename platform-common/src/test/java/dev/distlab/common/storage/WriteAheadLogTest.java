package dev.distlab.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.paxos.storage.sim.SimulatedFileSystem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A write-ahead log on a simulated disk that loses what was not synced when it crashes. */
class WriteAheadLogTest {

    private static final Path DIR = Path.of("/data/coordinator/history-log");

    private final SimulatedFileSystem disk = new SimulatedFileSystem(42);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> fatal = new ArrayList<>();

    @Test
    void shouldKeepWhatWasSyncedThroughACrashAndNothingThatWasNot() throws IOException {
        WriteAheadLog log = open();
        log.append(bytes("begin a"));
        log.append(bytes("begin b"));
        log.sync();
        log.append(bytes("complete a"));
        disk.crash();

        assertThat(strings(open().takeRecovered())).containsExactly("begin a", "begin b");
    }

    @Test
    void shouldSyncOnceForEverythingAppendedBeforeItAndNotAgainForNothing() throws IOException {
        WriteAheadLog log = open();
        log.append(bytes("a"));
        log.append(bytes("b"));
        log.sync();
        log.sync();
        assertThat(log.syncCount()).isEqualTo(1);
        log.append(bytes("c"));
        log.sync();
        assertThat(log.syncCount()).isEqualTo(2);
    }

    @Test
    void shouldForceTheDatabaseBeforeEmptyingTheLogAndOnlyWhenSomethingWasLogged() throws IOException {
        WriteAheadLog log = open();
        List<String> events = new ArrayList<>();
        log.checkpoint(() -> events.add("database forced"));
        assertThat(events).as("nothing logged yet").isEmpty();

        log.append(bytes("begin a"));
        log.sync();
        log.append(bytes("begin b")); // appended, not synced: the database force covers it
        assertThatThrownBy(() -> log.checkpoint(() -> {
            events.add("database forced");
            disk.crash(); // the process dies during the force: its log must be as it was
        })).as("the dead process's file handles").isInstanceOf(DiskForceException.class);
        assertThat(events).containsExactly("database forced");
        assertThat(strings(open().takeRecovered())).as("a crash during the force keeps the log")
                .containsExactly("begin a");
    }

    @Test
    void shouldBeEmptyAfterACheckpoint() throws IOException {
        WriteAheadLog log = open();
        log.append(bytes("begin a"));
        log.sync();
        log.checkpoint(() -> {
        });
        log.checkpoint(() -> {
            throw new AssertionError("nothing was logged since the last checkpoint");
        });
        disk.crash();
        assertThat(open().takeRecovered()).isEmpty();
    }

    @Test
    void shouldCheckpointRecordsReadAtOpenOnceTheyAreReplayed() throws IOException {
        WriteAheadLog log = open();
        log.append(bytes("begin a"));
        log.sync();
        disk.crash();

        WriteAheadLog reopened = open();
        assertThat(strings(reopened.takeRecovered())).containsExactly("begin a");
        assertThat(reopened.takeRecovered()).as("handed over once").isEmpty();
        List<String> events = new ArrayList<>();
        reopened.checkpoint(() -> events.add("database forced"));
        assertThat(events).containsExactly("database forced");
    }

    @Test
    void shouldFailEveryCallerAndTellFatalOnceWhenTheDiskFailed() throws IOException {
        WriteAheadLog log = open();
        disk.failFileForces(1);
        log.append(bytes("begin a"));
        assertThatThrownBy(log::sync).isInstanceOf(DiskForceException.class);
        assertThatThrownBy(() -> log.append(bytes("begin b"))).isInstanceOf(DiskForceException.class);
        assertThatThrownBy(log::sync).isInstanceOf(DiskForceException.class);
        assertThatThrownBy(() -> log.checkpoint(() -> {
        })).isInstanceOf(DiskForceException.class);
        assertThat(fatal).hasSize(1).first().asString().contains("could not be written to disk");
    }

    @Test
    void shouldKeepWhatWasAppendedAtCloseAndRefuseWritesAfterItWithoutCallingItFatal() throws IOException {
        WriteAheadLog log = open();
        log.append(bytes("complete a"));
        log.close();
        assertThatThrownBy(() -> log.append(bytes("complete b"))).isInstanceOf(DiskForceException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(log::sync).isInstanceOf(DiskForceException.class);
        assertThat(fatal).isEmpty();
        disk.crash();
        assertThat(strings(open().takeRecovered())).containsExactly("complete a");
    }

    private WriteAheadLog open() throws IOException {
        return WriteAheadLog.open(disk, "the test history", DIR, (why, cause) -> fatal.add(why),
                registry.timer("waits"), registry.counter("syncs"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> records) {
        return records.stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }
}
