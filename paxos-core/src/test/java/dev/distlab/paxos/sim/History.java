package dev.distlab.paxos.sim;

import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import java.util.ArrayList;
import java.util.List;

/** Client operations as observed from outside, in invocation order. */
final class History {
    private final List<Op> ops = new ArrayList<>();
    private long clock;

    Op invoke(String client, String key, KvCommand write) {
        Op op = new Op(ops.size(), client, key, write, ++clock);
        ops.add(op);
        return op;
    }

    void completeWrite(Op op, KvResult result) {
        op.result = result;
        op.complete = ++clock;
    }

    void completeRead(Op op, KvEntry value) {
        op.readValue = value;
        op.complete = ++clock;
    }

    /** A read that never got an answer had no effect: it leaves the history. */
    void forgetRead(Op op) {
        ops.remove(op);
    }

    List<Op> ops() {
        return ops;
    }
}
