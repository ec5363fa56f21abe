package dev.distlab.paxos.sim;

import java.util.Random;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;

/**
 * A client of the config store API: one operation at a time at a random replica, which forwards to the
 * leader as the service does. A write is retried with the same command id (the state machine applies it at
 * most once); a linearizable read is read index, then wait until applied, then query, on one process. After a
 * few failed attempts the client gives up: a write's outcome stays unknown, a read never happened.
 */
final class NodeSimClient {

    private static final int MAX_ATTEMPTS = 6;

    private final String name;
    private final NodeSimulation sim;
    private final Random random;
    private long seq;
    private Op op;
    private Command command;
    private int attempts;
    /** Identifies the current attempt: answers to older attempts of a read are ignored. */
    private long attempt;

    NodeSimClient(String name, NodeSimulation sim, Random random) {
        this.name = name;
        this.sim = sim;
        this.random = random;
    }

    boolean isIdle() {
        return op == null;
    }

    void start(String key, KvCommand write) {
        op = sim.history.invoke(name, key, write);
        attempts = 0;
        if (write != null) {
            command = new Command(new CommandId(name, ++seq), write.encode());
            op.commandId = command.id();
            sim.safety.proposed(command);
        }
        attempt();
    }

    private void attempt() {
        if (++attempts > MAX_ATTEMPTS) {
            if (op.isRead()) {
                sim.history.forgetRead(op);
            }
            op = null;
            return;
        }
        long token = ++attempt;
        SimHost host = sim.host(1 + random.nextInt(sim.params.nodes));
        sim.loop.after(sim.params.clientTimeoutNanos, () -> retryIfCurrent(token));
        int incarnation = host.incarnation();
        Op current = op;
        boolean taken;
        if (current.isRead()) {
            taken = host.run(incarnation, () -> host.node().readIndex(true).whenComplete((index, error) -> {
                if (error != null) {
                    retrySoonIfCurrent(token);
                } else {
                    // the service's next step runs on the protocol thread again, like ReplicaDriver.read
                    sim.loop.after(0, () -> awaitApplied(token, host, incarnation, current, index));
                }
            }));
        } else {
            Command c = command;
            taken = host.run(incarnation, () -> host.node().write(c, true).whenComplete((result, error) -> {
                if (error != null) {
                    retrySoonIfCurrent(token);
                } else {
                    writeAnswered(current, result);
                }
            }));
        }
        if (!taken) {
            retrySoonIfCurrent(token); // connection refused: that process is down
        }
    }

    private void awaitApplied(long token, SimHost host, int incarnation, Op read, long index) {
        boolean taken = host.run(incarnation, () -> host.node().awaitApplied(index).whenComplete((ignored, error) -> {
            if (error != null) {
                retrySoonIfCurrent(token);
            } else if (op == read && attempt == token) {
                KvEntry entry = host.node().query(kv -> kv.get(read.key));
                sim.history.completeRead(read, entry);
                sim.observed(entry);
                op = null;
            }
        }));
        if (!taken) {
            retrySoonIfCurrent(token);
        }
    }

    /** Any attempt's answer is the write's one outcome (applied at most once), even after the client gave up. */
    private void writeAnswered(Op write, KvResult result) {
        if (result.status() == KvResult.Status.STALE_REQUEST) {
            if (op == write) {
                throw new Violation("client " + name + " got a stale-request answer for its current command "
                        + write.commandId);
            }
            return; // fenced by a later command of this client: it never took effect
        }
        sim.safety.result(write.commandId, result);
        if (write.isCompleted()) {
            return;
        }
        if (op == write) {
            sim.history.completeWrite(write, result);
            sim.observed(result.entry());
            op = null;
        } else if (write.result == null) {
            write.result = result; // took effect at some time after its invocation; its answer came too late
        }
    }

    private void retryIfCurrent(long token) {
        if (op != null && attempt == token) {
            attempt();
        }
    }

    private void retrySoonIfCurrent(long token) {
        if (op != null && attempt == token) {
            long attemptNow = ++attempt;
            sim.loop.after(sim.params.backoffNanos(random), () -> {
                if (op != null && attempt == attemptNow) {
                    attempt();
                }
            });
        }
    }
}
