package dev.distlab.paxos.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/**
 * A real directory. A process crash here loses only what the program never wrote (the log's buffer); the
 * kernel keeps written bytes, so this disk cannot show a missing fsync: {@link SimulatedDisk} does.
 */
final class TempDirDisk implements NodeDisk {

    private final Path dir;
    private final long compactAboveBytes;

    TempDirDisk(Path dir, long compactAboveBytes) {
        this.dir = dir;
        this.compactAboveBytes = compactAboveBytes;
    }

    @Override
    public DurableLog open() throws IOException {
        return DurableLog.open(dir, compactAboveBytes);
    }

    @Override
    public SnapshotStore snapshots() throws IOException {
        return new SnapshotStore(dir.resolve("snapshots"));
    }

    @Override
    public void crash() {
        // the kernel's page cache survives a process crash
    }

    @Override
    public void armFault(Random random) {
        // a real disk fails on its own schedule, not the seed's
    }

    @Override
    public void discard() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
