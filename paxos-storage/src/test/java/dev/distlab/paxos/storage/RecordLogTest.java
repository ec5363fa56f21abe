package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldReturnSyncedRecordsInOrderAfterReopening() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { throw new AssertionError("a new log has no records"); })) {
            append(log, "a", "bb", "ccc");
            log.sync();
            append(log, "dddd");
            log.sync();
        }
        assertThat(reopen()).containsExactly("a", "bb", "ccc", "dddd");
    }

    @Test
    void shouldLoseWhatWasAppendedButNotSyncedWhenTheProcessDies() throws IOException {
        RecordLog log = RecordLog.open(dir, record -> { });
        append(log, "durable");
        log.sync();
        append(log, "lost");
        // no sync, no close: the process dies here
        assertThat(reopen()).containsExactly("durable");
    }

    @Test
    void shouldCutOffATornLastRecordAtEveryPossibleLength() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "one", "two", "a longer third record");
            log.sync();
        }
        Path file = onlyFile();
        byte[] full = Files.readAllBytes(file);
        int lastFrame = "a longer third record".length() + RecordLog.FRAME_HEADER_BYTES;
        for (int cut = 1; cut < lastFrame; cut++) {
            Files.write(file, java.util.Arrays.copyOf(full, full.length - cut));
            assertThat(reopen()).as("cut %d bytes", cut).containsExactly("one", "two");
            assertThat(Files.size(file)).isEqualTo(full.length - lastFrame);
        }
    }

    @Test
    void shouldCutOffZerosWhereTheFileGrewButTheDataNeverLanded() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "kept");
            log.sync();
        }
        Path file = onlyFile();
        long size = Files.size(file);
        Files.write(file, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        assertThat(reopen()).containsExactly("kept");
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void shouldRefuseToOpenWhenACompleteLastRecordHasABadChecksum() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "first", "second");
            log.sync();
        }
        Path file = onlyFile();
        long lastFrame = Files.size(file) - "second".length() - RecordLog.FRAME_HEADER_BYTES;
        flipByte(file, Files.size(file) - 2);
        // a synced frame that is complete and not explained by zeros is damage, not a torn tail
        assertThatThrownBy(() -> RecordLog.open(dir, record -> { })).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("byte offset " + lastFrame)
                .hasMessageContaining("record checksum mismatch").hasMessageContaining("purge");
    }

    @Test
    void shouldRefuseToOpenWhenTheFirstFrameHeaderIsDamaged() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "first", "second", "third");
            log.sync();
        }
        Path file = onlyFile();
        long size = Files.size(file);
        flipByte(file, RecordLog.HEADER_BYTES + 3); // the low byte of the first frame's length
        assertThatThrownBy(() -> RecordLog.open(dir, record -> { })).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("byte offset " + RecordLog.HEADER_BYTES)
                .hasMessageContaining("frame header checksum mismatch");
        assertThat(Files.size(file)).as("nothing truncated").isEqualTo(size);
    }

    @Test
    void shouldRefuseALogInTheOldFormatAndSayWhatToDo() throws IOException {
        Files.createDirectories(dir);
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(16 + 8 + 1);
        old.put("DLWAL001".getBytes(StandardCharsets.US_ASCII)).putLong(1).putInt(1).putInt(0).put((byte) 7);
        Files.write(dir.resolve(RecordLog.fileName(1)), old.array());
        assertThatThrownBy(() -> RecordLog.open(dir, record -> { }))
                .isInstanceOf(UnsupportedLogFormatException.class)
                .hasMessageContaining("DLWAL001").hasMessageContaining("purge");
    }

    @Test
    void shouldRefuseToOpenWhenARecordInTheMiddleIsDamaged() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "first", "second", "third");
            log.sync();
        }
        Path file = onlyFile();
        flipByte(file, RecordLog.HEADER_BYTES + RecordLog.FRAME_HEADER_BYTES + 1);
        assertThatThrownBy(() -> RecordLog.open(dir, record -> { })).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining("offset " + RecordLog.HEADER_BYTES);
    }

    @Test
    void shouldRefuseToOpenALogWithoutItsHeader() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "x");
            log.sync();
        }
        flipByte(onlyFile(), 0);
        assertThatThrownBy(() -> RecordLog.open(dir, record -> { })).isInstanceOf(CorruptLogException.class);
    }

    @Test
    void shouldKeepAppendingAfterCuttingATornTail() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "one", "two");
            log.sync();
        }
        Path file = onlyFile();
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) - 1));
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "three");
            log.sync();
        }
        assertThat(reopen()).containsExactly("one", "three");
    }

    @Test
    void shouldReplaceTheWholeLogOnRewriteAndKeepAppendingToTheNewGeneration() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "old-1", "old-2", "old-3");
            log.sync();
            log.rewrite(List.of(bytes("compacted")));
            append(log, "after");
            log.sync();
            assertThat(log.generation()).isEqualTo(2);
        }
        assertThat(reopen()).containsExactly("compacted", "after");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .containsExactly(RecordLog.fileName(2));
    }

    @Test
    void shouldIgnoreARewriteThatDidNotFinish() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "old");
            log.sync();
        }
        Files.write(dir.resolve(RecordLog.fileName(2) + ".tmp"), new byte[] { 1, 2, 3 });
        assertThat(reopen()).containsExactly("old");
        assertThat(Files.exists(dir.resolve(RecordLog.fileName(2) + ".tmp"))).isFalse();
    }

    @Test
    void shouldUseTheNewestGenerationWhenTheOldOneWasNotYetDeleted() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            append(log, "old");
            log.sync();
        }
        Path old = onlyFile();
        byte[] oldBytes = Files.readAllBytes(old);
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            log.rewrite(List.of(bytes("new")));
        }
        Files.write(old, oldBytes); // as if the process died between the rename and the delete
        assertThat(reopen()).containsExactly("new");
        assertThat(Files.exists(old)).isFalse();
    }

    @Test
    void shouldRejectEmptyRecords() throws IOException {
        try (RecordLog log = RecordLog.open(dir, record -> { })) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> log.append(new byte[0]));
        }
    }

    private List<String> reopen() throws IOException {
        List<String> out = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, r -> out.add(new String(r, StandardCharsets.UTF_8)))) {
            return out;
        }
    }

    private Path onlyFile() throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void append(RecordLog log, String... records) {
        for (String record : records) {
            log.append(bytes(record));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }
}
