package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.Outcome;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import java.util.Random;

/**
 * A client doing one operation at a time against whichever node it believes leads, retrying the same
 * command id on timeouts, redirects and drops, and giving up (outcome unknown) after a few attempts.
 */
final class SimClient {
    private static final int TIMEOUT_TICKS = 80;
    private static final int MAX_ATTEMPTS = 6;

    private final String name;
    private final Simulation sim;
    private final Random random;
    private long seq;
    private Op op;
    private Command command;
    private long readId;
    private int target;
    private int attempts;
    private long retryAt;

    SimClient(String name, Simulation sim, Random random) {
        this.name = name;
        this.sim = sim;
        this.random = random;
        this.target = 1 + random.nextInt(sim.size());
    }

    boolean isIdle() {
        return op == null;
    }

    void start(String key, KvCommand write) {
        op = sim.history().invoke(name, key, write);
        attempts = 0;
        if (write != null) {
            command = new Command(new CommandId(name, ++seq), write.encode());
            op.commandId = command.id();
            sim.safety().proposed(command);
        }
        attempt();
    }

    void tick() {
        if (op != null && sim.now() >= retryAt) {
            attempt();
        }
    }

    /** Gives up on the current operation: a write's outcome stays unknown, a read never happened. */
    void abandon() {
        if (op != null && op.isRead()) {
            sim.history().forgetRead(op);
        }
        op = null;
    }

    private void attempt() {
        if (++attempts > MAX_ATTEMPTS) {
            abandon();
            return;
        }
        retryAt = sim.now() + TIMEOUT_TICKS;
        SimNode node = sim.node(target);
        if (!node.isReachable()) {
            retarget(0);
            return;
        }
        Outcome out;
        if (op.isRead()) {
            readId = sim.nextReadId();
            out = node.replica.read(readId);
            if (out.isAccepted()) {
                node.readWaiters.put(readId, this);
            }
        } else {
            out = node.replica.propose(command);
            if (out.isAccepted()) {
                node.writeWaiters.put(command.id(), this);
            }
        }
        if (!out.isAccepted()) {
            retarget(out.leaderHint());
        }
        node.process(sim);
    }

    private void retarget(int hint) {
        target = hint > 0 ? hint : 1 + random.nextInt(sim.size());
        retryAt = sim.now() + 1 + random.nextInt(5);
    }

    void writeCompleted(CommandId id, KvResult result) {
        if (op != null && !op.isRead() && command.id().equals(id)) {
            if (result.status() == KvResult.Status.STALE_REQUEST) {
                throw new Violation("client " + name + " got a stale-request answer for its current command " + id);
            }
            sim.history().completeWrite(op, result);
            if (result.entry() != null) {
                sim.observed(result.entry());
            }
            op = null;
        }
    }

    void readCompleted(long id, KvStateMachine kv) {
        if (op != null && op.isRead() && readId == id) {
            KvEntry e = kv.get(op.key);
            sim.history().completeRead(op, e);
            if (e != null) {
                sim.observed(e);
            }
            op = null;
        }
    }

    void readFailed(long id) {
        if (op != null && op.isRead() && readId == id) {
            retarget(0);
        }
    }

    void writeDropped(CommandId id) {
        if (op != null && !op.isRead() && command.id().equals(id)) {
            retarget(0);
        }
    }
}
