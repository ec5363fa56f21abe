package dev.distlab.paxos.node.snapshot;

import java.io.IOException;

/**
 * This replica's own disk failed while storing a snapshot (a write, an fsync, a rename): unlike a transfer
 * that broke off or arrived damaged, which is simply fetched again, the replica cannot trust what it stored
 * any more, and must end.
 */
public class SnapshotDiskException extends IOException {

    public SnapshotDiskException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
