package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;

/** One client operation in the recorded history: invocation and completion are global event numbers. */
final class Op {
    static final long NEVER = Long.MAX_VALUE;

    final int id;
    final String client;
    final String key;
    final KvCommand write; // null for a read
    CommandId commandId;   // for a write
    final long invoke;
    long complete = NEVER;
    KvResult result;       // for a completed write
    KvEntry readValue;     // for a completed read (null = absent)

    Op(int id, String client, String key, KvCommand write, long invoke) {
        this.id = id;
        this.client = client;
        this.key = key;
        this.write = write;
        this.invoke = invoke;
    }

    boolean isRead() {
        return write == null;
    }

    boolean isCompleted() {
        return complete != NEVER;
    }

    /** Whether the op's effect is known: completed, or (a write) applied though its answer never arrived. */
    boolean hasOutcome() {
        return isCompleted() || result != null;
    }

    @Override
    public String toString() {
        String what = isRead() ? "READ " + key : write.toString();
        String outcome = !hasOutcome() ? "?" : isRead() ? String.valueOf(readValue) : String.valueOf(result);
        return "#" + id + " " + client + " [" + invoke + "," + (isCompleted() ? complete : "inf") + "] " + what
                + " -> " + outcome;
    }
}
