package dev.distlab.paxos.sim;

import java.io.IOException;

import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/** One simulated machine's disk: where a node's {@link DurableLog} lives across crashes of its process. */
interface NodeDisk {

    /** Opens the log as a starting process would, recovering whatever survived the last crash. */
    DurableLog open() throws IOException;

    /** The node's snapshot files, on the same disk as its log. */
    SnapshotStore snapshots() throws IOException;

    /** The process (and, if the disk can tell, the machine) went down: what was not synced may be gone. */
    void crash();

    /** Arms a fault (a failing fsync, a crash in the middle of a disk operation) for the node's next work. */
    void armFault(java.util.Random random);

    /** Frees what the disk holds once the run is over. */
    void discard();
}
