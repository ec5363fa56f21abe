package dev.distlab.paxos.core;

import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.persist.PersistRecord;
import java.util.List;

/**
 * Everything the replica needs the service to do, taken with {@code ready()} and acknowledged with
 * {@code advance(ready)}. Handle the fields in the order they are declared here.
 */
public final class Ready {
    /** 1. Append in this order and make durable (fsync) BEFORE sending any of {@link #messages}. */
    private final List<PersistRecord> records;
    /** 2. Send only after {@link #records} are durable: they may acknowledge promises and accepts. */
    private final List<Message> messages;
    /**
     * 3. If non-null, replace the state machine with this snapshot before applying {@link #committedEntries}
     * (after {@link #records} are durable; it is also among them when newly received).
     */
    private final Snapshot snapshotToApply;
    /** 4. Apply in slot order, after {@link #records} are durable (they may carry the values). */
    private final List<CommittedEntry> committedEntries;
    /** 5. Serve these reads from the state machine AFTER applying {@link #committedEntries}. */
    private final List<ReadState> readStates;
    /** 6. Reads that will never be served here (leadership lost): answer not-leader / retry. */
    private final List<Long> failedReads;
    /** 7. Proposals given up on because leadership was lost; see {@link DroppedProposal#mayBeApplied()}. */
    private final List<DroppedProposal> droppedProposals;

    Ready(List<PersistRecord> records, List<Message> messages, Snapshot snapshotToApply,
          List<CommittedEntry> committedEntries, List<ReadState> readStates, List<Long> failedReads,
          List<DroppedProposal> droppedProposals) {
        this.records = List.copyOf(records);
        this.messages = List.copyOf(messages);
        this.snapshotToApply = snapshotToApply;
        this.committedEntries = List.copyOf(committedEntries);
        this.readStates = List.copyOf(readStates);
        this.failedReads = List.copyOf(failedReads);
        this.droppedProposals = List.copyOf(droppedProposals);
    }

    public List<PersistRecord> records() {
        return records;
    }

    public List<Message> messages() {
        return messages;
    }

    public Snapshot snapshotToApply() {
        return snapshotToApply;
    }

    public List<CommittedEntry> committedEntries() {
        return committedEntries;
    }

    public List<ReadState> readStates() {
        return readStates;
    }

    public List<Long> failedReads() {
        return failedReads;
    }

    public List<DroppedProposal> droppedProposals() {
        return droppedProposals;
    }

    public boolean isEmpty() {
        return records.isEmpty() && messages.isEmpty() && snapshotToApply == null && committedEntries.isEmpty()
                && readStates.isEmpty() && failedReads.isEmpty() && droppedProposals.isEmpty();
    }

    /** The slot the state machine has applied once this Ready is handled, or -1 if it applies nothing. */
    public long appliedThrough() {
        if (!committedEntries.isEmpty()) {
            return committedEntries.get(committedEntries.size() - 1).slot();
        }
        return snapshotToApply != null ? snapshotToApply.index() : -1;
    }

    @Override
    public String toString() {
        return "Ready{records=" + records + ", messages=" + messages + ", snapshot=" + snapshotToApply
                + ", committed=" + committedEntries + ", reads=" + readStates + ", failedReads=" + failedReads
                + ", dropped=" + droppedProposals + "}";
    }
}
