package dev.distlab.verify.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterScriptTest {

    @TempDir
    Path dir;

    @Test
    void shouldReturnTheOutputOfACommandThatSucceeds() throws IOException {
        ClusterScript script = new ClusterScript(script("echo \"killed $1\"\n"));
        assertThat(script.run(10, "participant-2")).isEqualTo("killed participant-2");
    }

    @Test
    void shouldThrowWithTheOutputOfACommandThatFails() throws IOException {
        ClusterScript script = new ClusterScript(script("echo 'no such instance' >&2\nexit 3\n"));
        assertThatThrownBy(() -> script.run(10, "kill", "nobody")).isInstanceOf(IOException.class)
                .hasMessageContaining("exited 3").hasMessageContaining("no such instance");
    }

    @Test
    void shouldStopACommandThatOverrunsItsTimeout() throws IOException {
        // a hung ./cluster sub-command (e.g. waiting on a process that never exits) must not hang the nemesis:
        // the bound is the timeout given, not the command's own end (here a minute away)
        ClusterScript script = new ClusterScript(script("echo started\nsleep 60\n"));
        IOException thrown = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> script.run(1, "stop")));
        assertThat(thrown).hasMessageContaining("did not finish within 1 s");
    }

    private Path script(String body) throws IOException {
        Path file = dir.resolve("cluster");
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
