package dev.distlab.paxos.node.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readAll(SnapshotStore store, SnapshotRef ref) throws IOException {
        try (InputStream in = store.open(ref)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSnapshotReadsBackAsWritten() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        byte[] data = payload(300_000);
        SnapshotRef ref = store.write(42, out -> out.write(data));

        assertThat(store.has(ref)).isTrue();
        assertThat(readAll(store, ref)).isEqualTo(data);
        assertThat(SnapshotRef.decode(ref.encode())).isEqualTo(ref);
    }

    @Test
    void everyFlippedByteOfTheFileIsRefused() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        SnapshotRef ref = store.write(7, out -> out.write(payload(64)));
        Path file = dir.resolve("snapshots").resolve(String.format("snap-%020d.snap", 7));
        byte[] good = Files.readAllBytes(file);
        for (int offset = 0; offset < good.length; offset++) {
            byte[] bad = good.clone();
            bad[offset] ^= (byte) 0xFF;
            Files.write(file, bad);
            int at = offset;
            assertThatThrownBy(() -> readAll(store, ref)).as("byte %d flipped", at).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBrokenTransferResumesAndTheResultIsChecked() throws IOException {
        SnapshotStore leader = new SnapshotStore(dir.resolve("leader"));
        SnapshotStore follower = new SnapshotStore(dir.resolve("follower"));
        byte[] data = payload(1_000_000);
        SnapshotRef ref = leader.write(9, out -> out.write(data));

        byte[] first = leader.readChunk(9, 0, 400_000);
        follower.appendChunk(ref, 0, first);
        // the connection broke here; a new fetch resumes at what is on disk
        long offset = follower.partialBytes(ref);
        assertThat(offset).isEqualTo(400_000);
        while (offset < ref.fileBytes()) {
            byte[] chunk = leader.readChunk(9, offset, 400_000);
            follower.appendChunk(ref, offset, chunk);
            offset += chunk.length;
        }
        follower.completeFetch(ref);
        assertThat(readAll(follower, ref)).isEqualTo(data);
    }

    @Test
    void aDamagedTransferIsDeletedAndRefused() throws IOException {
        SnapshotStore leader = new SnapshotStore(dir.resolve("leader"));
        SnapshotStore follower = new SnapshotStore(dir.resolve("follower"));
        SnapshotRef ref = leader.write(9, out -> out.write(payload(10_000)));
        byte[] all = leader.readChunk(9, 0, Integer.MAX_VALUE);
        all[5_000] ^= 1;
        follower.appendChunk(ref, 0, all);

        assertThatThrownBy(() -> follower.completeFetch(ref)).hasMessageContaining("damaged");
        assertThat(follower.has(ref)).isFalse();
        assertThat(follower.partialBytes(ref)).isZero();
    }

    @Test
    void aFetchedSnapshotThatCannotBeMadeDurableIsADiskFailureNotABrokenTransfer() throws IOException {
        SnapshotStore leader = new SnapshotStore(dir.resolve("leader"));
        SimulatedFileSystem disk = new SimulatedFileSystem(1);
        SnapshotStore follower = new SnapshotStore(disk, Path.of("/data/snapshots"));
        SnapshotRef ref = leader.write(9, out -> out.write(payload(10_000)));
        follower.appendChunk(ref, 0, leader.readChunk(9, 0, Integer.MAX_VALUE));
        disk.failDirectoryForces(1);

        assertThatThrownBy(() -> follower.completeFetch(ref)).isInstanceOf(SnapshotDiskException.class);
        disk.crash(); // the rename was never made durable: after a power cut the snapshot is not there
        assertThat(new SnapshotStore(disk, Path.of("/data/snapshots")).has(ref)).isFalse();
    }

    @Test
    void onlySnapshotsBelowTheOneTheLogNamesArePruned() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        SnapshotRef[] refs = new SnapshotRef[4];
        for (int i = 0; i < 4; i++) {
            long index = (i + 1) * 10L;
            refs[i] = store.write(index, out -> out.write(payload(100)));
        }
        assertThat(Arrays.stream(refs).map(store::has)).containsOnly(true); // writing deletes nothing
        store.pruneBelow(30, Set.of());
        assertThat(Arrays.stream(refs).map(store::has)).containsExactly(false, false, true, true);
    }
}
