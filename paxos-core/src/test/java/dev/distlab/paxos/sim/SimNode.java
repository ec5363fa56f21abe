package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.CommittedEntry;
import dev.distlab.paxos.core.DroppedProposal;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.PaxosReplica;
import dev.distlab.paxos.core.ReadState;
import dev.distlab.paxos.core.Ready;
import dev.distlab.paxos.core.Snapshot;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.persist.PersistedState;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One simulated process: the replica plus what the real service would hold around it. */
final class SimNode {
    final int id;
    private final PaxosConfig config;
    private final SimParams params;
    private final Random random;
    PersistedState disk = new PersistedState();
    boolean rejoinOnRestart; // the operator's --rejoin: kept until the replica has caught up once
    PaxosReplica replica;
    KvStateMachine kv;
    long nextSlotToApply;
    boolean paused;
    boolean loseNextReady;
    long restartAt = -1;
    long resumeAt = -1;
    final List<Message> backlog = new ArrayList<>();
    final Map<CommandId, SimClient> writeWaiters = new LinkedHashMap<>();
    final Map<Long, SimClient> readWaiters = new LinkedHashMap<>();

    SimNode(int id, PaxosConfig config, SimParams params, Random random) {
        this.id = id;
        this.config = config;
        this.params = params;
        this.random = random;
        start();
    }

    boolean isUp() {
        return replica != null;
    }

    boolean isReachable() {
        return replica != null && !paused;
    }

    void start() {
        replica = PaxosReplica.restore(id, config, disk, new Random(random.nextLong()), rejoinOnRestart);
        kv = new KvStateMachine(params.kvHistory);
        nextSlotToApply = 1;
    }

    /** Loses the data directory: down now, restarted later as a rejoining learner. */
    void wipe() {
        crash();
        disk = new PersistedState();
        rejoinOnRestart = true;
    }

    void crash() {
        replica = null;
        kv = null;
        paused = false;
        loseNextReady = false;
        backlog.clear();
        writeWaiters.clear();
        readWaiters.clear();
    }

    /** Drives the replica like the service will: persist, send, apply, answer, advance. */
    void process(Simulation sim) {
        while (replica != null && replica.hasReady()) {
            Ready rd = replica.ready();
            if (loseNextReady) {
                sim.trace("node " + id + " crashes before persisting " + rd);
                crash();
                return;
            }
            disk.applyAll(rd.records());
            for (Message m : rd.messages()) {
                sim.network().send(m, sim.now());
            }
            if (rd.snapshotToApply() != null) {
                Snapshot s = rd.snapshotToApply();
                kv.restore(s.data());
                if (kv.appliedIndex() != s.index()) {
                    throw new Violation("snapshot " + s.index() + " holds state of slot " + kv.appliedIndex());
                }
                nextSlotToApply = s.index() + 1;
            }
            for (CommittedEntry e : rd.committedEntries()) {
                sim.safety().applied(id, nextSlotToApply, e.slot(), e.value());
                nextSlotToApply = e.slot() + 1;
                for (Map.Entry<CommandId, KvResult> r : kv.apply(e.slot(), e.value()).entrySet()) {
                    sim.safety().result(r.getKey(), r.getValue());
                    SimClient c = writeWaiters.remove(r.getKey());
                    if (c != null) {
                        c.writeCompleted(r.getKey(), r.getValue());
                    }
                }
            }
            for (ReadState r : rd.readStates()) {
                SimClient c = readWaiters.remove(r.readId());
                if (c != null) {
                    c.readCompleted(r.readId(), kv);
                }
            }
            for (long readId : rd.failedReads()) {
                SimClient c = readWaiters.remove(readId);
                if (c != null) {
                    c.readFailed(readId);
                }
            }
            for (DroppedProposal d : rd.droppedProposals()) {
                SimClient c = writeWaiters.remove(d.id());
                if (c != null) {
                    c.writeDropped(d.id());
                }
            }
            replica.advance(rd);
            rejoinOnRestart &= replica.rejoining();
            if (kv.appliedIndex() - replica.snapshotIndex() >= params.snapshotEvery) {
                replica.compact(kv.appliedIndex(), kv.snapshot());
            }
        }
    }

    @Override
    public String toString() {
        return replica == null ? "node " + id + " down" : replica + (paused ? " paused" : "");
    }
}
