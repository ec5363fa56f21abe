package dev.distlab.paxos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

/**
 * Damage at every byte: each flipped byte of a synced log is refused or harmless, never a synced record silently
 * lost; each cut of an unsynced tail is a torn tail cut off with every synced record kept.
 */
class ByteDamageTest {

    private static final List<String> SYNCED = List.of("one", "two", "three");

    @TempDir
    Path dir;

    @Test
    void aFlippedByteAnywhereInASmallSyncedLogIsRefusedOrHarmless() throws IOException {
        Path file = writeSynced(SYNCED, List.of());
        byte[] clean = Files.readAllBytes(file);
        for (int offset = 0; offset < clean.length; offset++) {
            byte[] damaged = clean.clone();
            damaged[offset] ^= (byte) 0xFF;
            Files.write(file, damaged);
            List<String> read = readOrNullIfRefused();
            if (read != null) {
                assertThat(read).as("flipped byte at offset %d", offset).containsExactlyElementsOf(SYNCED);
            } else {
                assertThat(Files.readAllBytes(file)).as("a refused log is left as it was").isEqualTo(damaged);
            }
        }
    }

    @Test
    void aFlippedByteAnywhereInALogSpanningSectorsIsRefusedOrHarmless() throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem(7);
        Path simDir = Path.of("/sim/paxos");
        Random random = new Random(7);
        List<byte[]> records = List.of(nonZeroBytes(random, 700), nonZeroBytes(random, 1300), nonZeroBytes(random, 900));
        try (RecordLog log = RecordLog.open(fs, simDir, r -> { })) {
            records.forEach(log::append);
            log.sync();
        }
        Path file = simDir.resolve(RecordLog.fileName(1));
        byte[] clean = fs.read(file);
        for (int offset = 0; offset < clean.length; offset++) {
            byte[] damaged = clean.clone();
            damaged[offset] ^= (byte) 0xFF;
            fs.replace(file, damaged);
            List<byte[]> read = new ArrayList<>();
            try (RecordLog log = RecordLog.open(fs, simDir, read::add)) {
                assertThat(read).as("flipped byte at offset %d", offset).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(read.get(i)).isEqualTo(records.get(i));
                }
            } catch (CorruptLogException | UnsupportedLogFormatException refused) {
                assertThat(refused.getMessage()).contains(file.toString());
            }
        }
    }

    @Test
    void aTailCutAtEveryLengthKeepsTheSyncedRecordsAndCutsTheTornFrame() throws IOException {
        List<String> tail = List.of("four", "a fifth, longer record");
        Path file = writeSynced(SYNCED, tail);
        byte[] full = Files.readAllBytes(file);
        int syncedEnd = full.length - frameBytes(tail.get(0)) - frameBytes(tail.get(1));
        for (int length = syncedEnd; length <= full.length; length++) {
            Files.write(file, Arrays.copyOf(full, length));
            List<String> expected = new ArrayList<>(SYNCED);
            long kept = syncedEnd;
            for (String record : tail) {
                if (kept + frameBytes(record) <= length) {
                    expected.add(record);
                    kept += frameBytes(record);
                }
            }
            List<String> read = readOrNullIfRefused();
            assertThat(read).as("file cut to %d bytes", length).containsExactlyElementsOf(expected);
            assertThat(Files.size(file)).as("torn frame cut off at %d", length).isEqualTo(kept);
        }
    }

    @Test
    void zerosWhereTheFileGrewButTheDataNeverLandedAreATornTail() throws IOException {
        Path file = writeSynced(SYNCED, List.of());
        long size = Files.size(file);
        Files.write(file, new byte[3000], java.nio.file.StandardOpenOption.APPEND);
        assertThat(readOrNullIfRefused()).containsExactlyElementsOf(SYNCED);
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void aLastRecordWhoseEndNeverLandedIsATornTail() throws IOException {
        String last = "x".repeat(1500);
        Path file = writeSynced(SYNCED, List.of(last));
        byte[] bytes = Files.readAllBytes(file);
        // the sectors from 1024 on did not reach the disk, though the file's size did
        Arrays.fill(bytes, 1024, bytes.length, (byte) 0);
        Files.write(file, bytes);
        assertThat(readOrNullIfRefused()).containsExactlyElementsOf(SYNCED);
    }

    private Path writeSynced(List<String> records, List<String> more) throws IOException {
        try (RecordLog log = RecordLog.open(dir, r -> { })) {
            records.forEach(r -> log.append(r.getBytes(StandardCharsets.UTF_8)));
            log.sync();
            more.forEach(r -> log.append(r.getBytes(StandardCharsets.UTF_8)));
            log.sync();
        }
        return dir.resolve(RecordLog.fileName(1));
    }

    /** The records read, or null if the log was refused as corrupt. */
    private List<String> readOrNullIfRefused() throws IOException {
        List<String> read = new ArrayList<>();
        try (RecordLog log = RecordLog.open(dir, r -> read.add(new String(r, StandardCharsets.UTF_8)))) {
            return read;
        } catch (CorruptLogException | UnsupportedLogFormatException refused) {
            if (!refused.getMessage().contains(dir.toString())) {
                fail("the refusal does not name the file: " + refused.getMessage());
            }
            return null;
        }
    }

    private static int frameBytes(String record) {
        return RecordLog.FRAME_HEADER_BYTES + record.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] nonZeroBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (1 + random.nextInt(254));
        }
        return bytes;
    }
}
