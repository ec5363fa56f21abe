package dev.distlab.paxos.core.message;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.Snapshot;

/** Catch-up when the leader has truncated the slots the follower still needs. */
public final class InstallSnapshot extends Message {
    private final Snapshot snapshot;

    public InstallSnapshot(int from, int to, Ballot ballot, Snapshot snapshot) {
        super(from, to, ballot);
        this.snapshot = snapshot;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "InstallSnapshot" + header() + " snapshot=" + snapshot;
    }
}
