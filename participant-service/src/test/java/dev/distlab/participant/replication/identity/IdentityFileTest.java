package dev.distlab.participant.replication.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatWasWritten() throws IOException {
        IdentityRecord identity = new IdentityRecord("0123456789abcdef", 2, 42L << 16, true, Map.of(1, 7L, 3, 9L));
        IdentityFile.write(dir, identity);
        assertThat(IdentityFile.read(dir)).contains(identity);
        assertThat(Files.readString(dir.resolve("identity"))).isEqualTo(
                "cluster=0123456789abcdef\nmember=2\nincarnation=2752512\nrejoining=true\npeer.1=7\npeer.3=9\n");
    }

    @Test
    void shouldHaveNoIdentityInAnEmptyDirectory() throws IOException {
        assertThat(IdentityFile.read(dir)).isEmpty();
    }

    @Test
    void shouldReplaceTheIdentityAndLeaveNoTemporaryFile() throws IOException {
        IdentityRecord first = new IdentityRecord("c", 1, 5, false, Map.of());
        IdentityFile.write(dir, first);
        IdentityFile.write(dir, first.withPeer(2, 11));
        assertThat(IdentityFile.read(dir)).contains(first.withPeer(2, 11));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("identity");
        }
    }

    @Test
    void shouldKeepTheOldIdentityWhenACrashLeftAHalfWrittenTemporaryFile() throws IOException {
        IdentityRecord identity = new IdentityRecord("c", 1, 5, false, Map.of(2, 3L));
        IdentityFile.write(dir, identity);
        // a crash between writing the temporary file and renaming it over the identity
        Files.writeString(dir.resolve("identity.tmp"), "cluster=c\nmem", StandardCharsets.UTF_8);
        assertThat(IdentityFile.read(dir)).contains(identity);
        // and the next write still succeeds over the leftover
        IdentityFile.write(dir, identity.withRejoining(true));
        assertThat(IdentityFile.read(dir)).contains(identity.withRejoining(true));
    }

    @Test
    void shouldRefuseADamagedIdentityNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("identity"), "cluster=c\nmember=x\nincarnation=5\nrejoining=false\n");
        assertThatThrownBy(() -> IdentityFile.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("identity").toString()).hasMessageContaining("member");
        Files.writeString(dir.resolve("identity"), "cluster=c\nmember=1\nincarnation=5\n");
        assertThatThrownBy(() -> IdentityFile.read(dir)).hasMessageContaining("no rejoining");
        Files.writeString(dir.resolve("identity"), "cluster=c\nmember=1\nincarnation=5\nrejoining=yes\n");
        assertThatThrownBy(() -> IdentityFile.read(dir)).hasMessageContaining("rejoining is 'yes'");
        Files.writeString(dir.resolve("identity"), "cluster=c\nmember=1\nincarnation=0\nrejoining=false\n");
        assertThatThrownBy(() -> IdentityFile.read(dir)).hasMessageContaining("incarnations are positive");
    }

    @Test
    void shouldGiveAStableClusterIdThatDependsOnNameAndSize() {
        assertThat(ClusterId.of("distlab", 3)).isEqualTo(ClusterId.of(" distlab ", 3)).hasSize(16);
        assertThat(ClusterId.of("distlab", 3)).isNotEqualTo(ClusterId.of("distlab", 5))
                .isNotEqualTo(ClusterId.of("distlab-2", 3));
        assertThatThrownBy(() -> ClusterId.of(" ", 3)).hasMessageContaining("cluster-name");
    }
}
