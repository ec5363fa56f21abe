package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

/** A failed fsync of a file or a directory is an error the caller sees, never a success. */
class FsyncFailureTest {

    private static final Path DIR = Path.of("/sim/replica/paxos");

    private final SimulatedFileSystem fs = new SimulatedFileSystem(3);

    @Test
    void aSyncWhoseFsyncFailsThrowsAndSoDoesEverySyncAfterIt() throws IOException {
        RecordLog log = RecordLog.open(fs, DIR, r -> { });
        log.append(bytes("durable"));
        log.sync();
        fs.failFileForces(1);
        log.append(bytes("unconfirmed"));
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasMessageContaining("simulated fsync failure");
        // the kernel may have dropped the pages it could not write: a later fsync would succeed without them
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        log.append(bytes("later"));
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        assertThatThrownBy(() -> log.rewrite(List.of(bytes("x")))).isInstanceOf(IOException.class);
        fs.crash();
        assertThat(reopen()).startsWith("durable").doesNotContain("later");
    }

    @Test
    void creatingTheLogThrowsWhenADirectoryFsyncFails() {
        fs.failDirectoryForces(1);
        assertThatThrownBy(() -> RecordLog.open(fs, DIR, r -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("simulated fsync failure on directory");
    }

    @Test
    void aRewriteThrowsWhenTheDirectoryFsyncAfterTheRenameFails() throws IOException {
        RecordLog log = RecordLog.open(fs, DIR, r -> { });
        log.append(bytes("old"));
        log.sync();
        fs.failDirectoryForces(1);
        assertThatThrownBy(() -> log.rewrite(List.of(bytes("new")))).isInstanceOf(IOException.class)
                .hasMessageContaining("simulated fsync failure on directory");
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        fs.crash();
        assertThat(reopen()).isIn(List.of("old"), List.of("new"));
    }

    @Test
    void theDirectoriesCreatedForTheLogSurviveAPowerCut() throws IOException {
        try (RecordLog log = RecordLog.open(fs, DIR, r -> { })) {
            log.append(bytes("first"));
            log.sync();
        }
        fs.crash();
        assertThat(reopen()).containsExactly("first");
    }

    private List<String> reopen() throws IOException {
        List<String> read = new ArrayList<>();
        try (RecordLog log = RecordLog.open(fs, DIR, r -> read.add(new String(r, StandardCharsets.UTF_8)))) {
            return read;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
