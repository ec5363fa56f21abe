package dev.distlab.paxos.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;
import dev.distlab.paxos.storage.sim.SimulatedFileSystem;

/**
 * A node's log on a {@link SimulatedFileSystem} of its own machine: a crash loses, tears or reorders what was
 * written but not synced, and armed faults make an fsync fail or the power go out in the middle of a disk
 * operation (the node's {@code process()} then throws and the process dies). Its snapshot files live on the
 * same simulated disk, so a crash can take an unsynced snapshot file or directory entry with it too.
 */
final class SimulatedDisk implements NodeDisk {

    private static final Path LOG_DIR = Path.of("/data/paxos");
    private static final Path SNAPSHOT_DIR = LOG_DIR.resolve("snapshots");

    private final SimulatedFileSystem fs;
    private final long compactAboveBytes;

    SimulatedDisk(long seed, long compactAboveBytes) {
        this.fs = new SimulatedFileSystem(seed);
        this.compactAboveBytes = compactAboveBytes;
    }

    @Override
    public DurableLog open() throws IOException {
        return DurableLog.open(fs, LOG_DIR, compactAboveBytes);
    }

    @Override
    public SnapshotStore snapshots() throws IOException {
        return new SnapshotStore(fs, SNAPSHOT_DIR);
    }

    @Override
    public void crash() {
        fs.crash();
    }

    @Override
    public void armFault(Random random) {
        switch (random.nextInt(3)) {
            case 0 -> fs.failFileForces(1);
            case 1 -> fs.failDirectoryForces(1);
            default -> fs.crashAtOperation(1 + random.nextInt(8));
        }
    }

    @Override
    public void discard() {
        // nothing outside the memory of the simulated file system
    }
}
