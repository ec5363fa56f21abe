package dev.distlab.paxos.core.persist;

/**
 * Every slot up to {@code commitIndex} is chosen and the persisted entries hold the chosen values.
 * Optional for safety; it lets a restarted replica re-apply its own log without asking the leader.
 */
public final class CommitRecord extends PersistRecord {
    private final long commitIndex;

    public CommitRecord(long commitIndex) {
        this.commitIndex = commitIndex;
    }

    public long commitIndex() {
        return commitIndex;
    }

    @Override
    public String toString() {
        return "Commit(" + commitIndex + ")";
    }
}
