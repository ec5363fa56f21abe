package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.Role;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A whole cluster in one thread, driven by one seed: a fault phase (loss, duplication, reordering,
 * partitions, one-way cuts, crashes that may lose an unpersisted Ready, long pauses of the leader) while
 * clients run, then everything heals and the cluster must converge and commit a fresh write. Agreement,
 * validity and linearizability are checked on every run.
 */
public final class Simulation {
    private static final int PROGRESS_BOUND_TICKS = 3_000;
    private static final int CLIENT_TAIL_TICKS = 150;

    private final long seed;
    private final Random random;
    private final SimParams params;
    private final SimNode[] nodes;
    private final SimNetwork network;
    private final SafetyChecker safety = new SafetyChecker();
    private final History history = new History();
    private final List<SimClient> clients = new ArrayList<>();
    private final Map<String, Long> lastModRevision = new HashMap<>();
    private final boolean tracing;
    private long now;
    private long readIds;
    private SimClient probe;

    private Simulation(long seed, boolean tracing) {
        this(seed, tracing, null);
    }

    /** {@code nodes > 0}: a calm run of that size for a focused scenario (see {@link #calm}). */
    private Simulation(long seed, boolean tracing, Integer calmNodes) {
        this.seed = seed;
        this.tracing = tracing;
        this.random = new Random(seed);
        this.params = calmNodes == null ? new SimParams(random) : SimParams.calm(random, calmNodes);
        PaxosConfig config = PaxosConfig.ofSize(params.nodes).withTicks(3, 20).withLimits(8, 64, 16);
        this.network = new SimNetwork(new Random(random.nextLong()), params.nodes, params.dropRate,
                params.duplicateRate, params.maxDelay);
        this.nodes = new SimNode[params.nodes + 1];
        for (int i = 1; i <= params.nodes; i++) {
            nodes[i] = new SimNode(i, config, params, new Random(random.nextLong()));
        }
        for (int i = 0; i < params.clients; i++) {
            clients.add(new SimClient("c" + i, this, new Random(random.nextLong())));
        }
    }

    /** Runs one seed; throws {@link SimulationFailure} naming the seed if any check fails. */
    public static Summary run(long seed) {
        return run(seed, Boolean.getBoolean("paxos.trace"));
    }

    public static Summary run(long seed, boolean tracing) {
        Simulation sim = new Simulation(seed, tracing);
        try {
            return sim.execute();
        } catch (RuntimeException e) {
            throw new SimulationFailure(seed, e.getMessage() + "\n  params: " + sim.params + "\n  at tick "
                    + sim.now + ": " + sim.describeNodes(), e instanceof Violation ? null : e);
        } catch (StackOverflowError e) {
            throw new SimulationFailure(seed, "stack overflow", e);
        }
    }

    /**
     * A cluster without loss, duplication or random faults, whose test injects the faults itself through
     * {@link #network()} and {@link #runTicks}, then calls {@link #healAndCheck()}.
     */
    static Simulation calm(long seed, int nodes) {
        return new Simulation(seed, Boolean.getBoolean("paxos.trace"), nodes);
    }

    private Summary execute() {
        trace("params " + params);
        while (now < params.faultTicks) {
            injectFaults();
            tick(true);
        }
        return healAndCheck();
    }

    /** Clients keep starting operations while the cluster runs {@code ticks} ticks. */
    void runTicks(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick(true);
        }
    }

    /** Heals everything, then checks progress, agreement and linearizability like every sweep run. */
    Summary healAndCheck() {
        healEverything();
        long healedAt = now;
        probe = new SimClient("probe", this, new Random(random.nextLong()));
        probe.start("probe", KvCommand.put("probe", "after-heal"));
        while (!converged(probe)) {
            if (now - healedAt > PROGRESS_BOUND_TICKS) {
                throw new Violation("no progress " + PROGRESS_BOUND_TICKS + " ticks after healing (probe "
                        + (probe.isIdle() ? "done" : "pending") + ")");
            }
            tick(now - healedAt < CLIENT_TAIL_TICKS);
        }
        checkReplicasEqual();
        resolveUnknownWrites();
        boolean checked = LinearizabilityChecker.check(history.ops());
        return new Summary(seed, now, network.sent, history.ops().size(), safety.highestChosen(), checked);
    }

    private void tick(boolean clientsMayStart) {
        now++;
        for (int i = 1; i < nodes.length; i++) {
            SimNode n = nodes[i];
            if (!n.isUp() && n.restartAt >= 0 && now >= n.restartAt) {
                trace("restart node " + i);
                n.restartAt = -1;
                n.start();
            }
            if (n.paused && now >= n.resumeAt) {
                resume(n);
            }
        }
        if (network.inFlight() > 200_000) {
            throw new Violation("message storm: " + network.inFlight() + " messages in flight");
        }
        for (Message m : network.due(now)) {
            SimNode n = nodes[m.to()];
            if (!n.isUp()) {
                continue;
            }
            if (n.paused) {
                n.backlog.add(m);
                continue;
            }
            if (tracing) {
                trace("deliver " + m);
            }
            n.replica.step(m);
            if (params.readyPerMessage) {
                n.process(this);
            }
        }
        for (int i = 1; i < nodes.length; i++) {
            SimNode n = nodes[i];
            if (n.isReachable()) {
                n.replica.tick();
                n.process(this);
            }
        }
        for (SimClient c : clients) {
            if (!c.isIdle()) {
                c.tick();
            } else if (clientsMayStart) {
                maybeStartOperation(c);
            }
        }
        if (probe != null) {
            probe.tick();
        }
    }

    private void maybeStartOperation(SimClient c) {
        if (random.nextDouble() >= params.opRate) {
            return;
        }
        String key = "k" + random.nextInt(params.keys);
        long known = lastModRevision.getOrDefault(key, 1L);
        KvCommand write;
        int kind = random.nextInt(10);
        String value = "v" + random.nextInt(1_000_000);
        switch (kind) {
            case 0: case 1: case 2:
                write = null;
                break;
            case 3: case 4:
                write = KvCommand.put(key, value);
                break;
            case 5:
                write = KvCommand.putIfAbsent(key, value);
                break;
            case 6: case 7:
                write = KvCommand.putIfMatch(key, value, random.nextInt(4) == 0 ? 1 + random.nextInt(20) : known);
                break;
            case 8:
                write = KvCommand.delete(key);
                break;
            default:
                write = KvCommand.deleteIfMatch(key, known);
        }
        c.start(key, write);
    }

    // ---------------------------------------------------------------- faults

    private void injectFaults() {
        if (random.nextDouble() >= params.faultRate) {
            return;
        }
        int n = params.nodes;
        int victim = 1 + random.nextInt(n);
        switch (random.nextInt(10)) {
            case 0:
            case 1:
                if (nodes[victim].isUp() && downCount() < n / 2 + 1) {
                    nodes[victim].restartAt = now + 5 + random.nextInt(150);
                    if (random.nextDouble() < params.crashLosesReady) {
                        trace("node " + victim + " will crash before persisting its next Ready");
                        nodes[victim].loseNextReady = true;
                    } else {
                        trace("crash node " + victim);
                        nodes[victim].crash();
                    }
                }
                break;
            case 2:
                List<Integer> side = Links.randomSide(random, n);
                trace("partition " + side);
                network.partition(side);
                break;
            case 3:
                int to = 1 + random.nextInt(n);
                if (to != victim) {
                    trace("cut link " + victim + "->" + to);
                    network.cut(victim, to);
                }
                break;
            case 4:
                trace("heal links");
                network.healLinks();
                break;
            case 8:
                trace("cut inbound of node " + victim);
                network.cutInbound(victim);
                break;
            case 9:
                wipe(victim);
                break;
            case 7:
                int isolated = currentLeader();
                if (isolated > 0) {
                    trace("isolate leader " + isolated);
                    network.partition(List.of(isolated));
                }
                break;
            case 5:
                int leader = currentLeader();
                pause(leader > 0 ? leader : victim, 30 + random.nextInt(300));
                break;
            default:
                pause(victim, 5 + random.nextInt(60));
        }
    }

    /**
     * Wipes one replica's disk; it restarts rejoining. Rejoin assumes nothing from before the wipe survives
     * its warm-up (see Rejoin): so no other node is stopped across it and its in-flight messages are lost.
     * One wiped replica at a time: two could hold the only copies of a chosen value.
     */
    private void wipe(int victim) {
        for (int i = 1; i < nodes.length; i++) {
            if (nodes[i].paused || nodes[i].rejoinOnRestart) {
                return;
            }
        }
        if (nodes[victim].isUp() && !nodes[victim].loseNextReady) {
            trace("wipe node " + victim);
            nodes[victim].wipe();
            network.purge(victim);
            nodes[victim].restartAt = now + 5 + random.nextInt(150);
        }
    }

    private boolean anyRejoining() {
        for (int i = 1; i < nodes.length; i++) {
            if (nodes[i].rejoinOnRestart) {
                return true;
            }
        }
        return false;
    }

    private void pause(int id, int ticks) {
        SimNode node = nodes[id];
        if (node.isReachable() && !anyRejoining()) {
            trace("pause node " + id + " for " + ticks + " ticks");
            node.paused = true;
            node.resumeAt = now + ticks;
        }
    }

    private void resume(SimNode n) {
        trace("resume node " + n.id);
        n.paused = false;
        for (Message m : n.backlog) {
            network.enqueue(m, now);
        }
        n.backlog.clear();
    }

    private void healEverything() {
        trace("heal everything");
        network.healLinks();
        network.dropRate = 0;
        network.duplicateRate = 0;
        for (int i = 1; i < nodes.length; i++) {
            SimNode n = nodes[i];
            n.loseNextReady = false;
            if (!n.isUp()) {
                n.restartAt = -1;
                n.start();
            }
            if (n.paused) {
                resume(n);
            }
        }
    }

    private int downCount() {
        int d = 0;
        for (int i = 1; i < nodes.length; i++) {
            if (!nodes[i].isReachable() || nodes[i].loseNextReady) {
                d++;
            }
        }
        return d;
    }

    int currentLeader() {
        for (int i = 1; i < nodes.length; i++) {
            if (nodes[i].isReachable() && nodes[i].replica.role() == Role.LEADER) {
                return i;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- end-of-run checks

    private boolean converged(SimClient probe) {
        if (!probe.isIdle()) {
            return false;
        }
        for (SimClient c : clients) {
            if (!c.isIdle()) {
                return false;
            }
        }
        long applied = nodes[1].replica.appliedIndex();
        for (int i = 1; i < nodes.length; i++) {
            if (nodes[i].replica.appliedIndex() != applied || nodes[i].replica.commitIndex() != applied) {
                return false;
            }
        }
        return applied >= safety.highestChosen();
    }

    /**
     * An unanswered write that some replica applied took effect with the result it got there, at an
     * unknown time after its invocation. One never applied can only take effect after everything
     * recorded, where it would change no recorded outcome: it is dropped. Both keep the check sound
     * while sparing the search the branches of "maybe applied".
     */
    private void resolveUnknownWrites() {
        history.ops().removeIf(op -> !op.isRead() && !op.isCompleted() && !tookEffect(op));
        for (Op op : history.ops()) {
            if (!op.isRead() && !op.isCompleted()) {
                op.result = safety.firstResult(op.commandId);
            }
        }
    }

    /** Applied for the first time only after the client had moved on, a command is not executed at all. */
    private boolean tookEffect(Op op) {
        KvResult r = safety.firstResult(op.commandId);
        return r != null && r.status() != KvResult.Status.STALE_REQUEST;
    }

    private void checkReplicasEqual() {
        for (int i = 2; i < nodes.length; i++) {
            if (nodes[i].kv.revision() != nodes[1].kv.revision() || !nodes[i].kv.range("").equals(nodes[1].kv.range(""))) {
                throw new Violation("replicas 1 and " + i + " differ after converging: " + nodes[1].kv.range("")
                        + " vs " + nodes[i].kv.range(""));
            }
        }
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < nodes.length; i++) {
            sb.append("\n    ").append(nodes[i]);
        }
        return sb.append("\n    cuts: ").append(network.describeCuts()).toString();
    }

    // ---------------------------------------------------------------- for nodes and clients

    long now() {
        return now;
    }

    int size() {
        return params.nodes;
    }

    SimNode node(int id) {
        return nodes[id];
    }

    SimNetwork network() {
        return network;
    }

    SafetyChecker safety() {
        return safety;
    }

    History history() {
        return history;
    }

    long nextReadId() {
        return ++readIds;
    }

    void observed(KvEntry e) {
        lastModRevision.merge(e.key(), e.modRevision(), Math::max);
    }

    void trace(String line) {
        if (tracing) {
            System.out.println("[" + seed + " t" + now + "] " + line);
        }
    }

    /** What a passing run did, for progress reports. */
    public static final class Summary {
        public final long seed;
        public final long ticks;
        public final long messages;
        public final int operations;
        public final long slots;
        public final boolean linearizabilityChecked;

        Summary(long seed, long ticks, long messages, int operations, long slots, boolean checked) {
            this.linearizabilityChecked = checked;
            this.seed = seed;
            this.ticks = ticks;
            this.messages = messages;
            this.operations = operations;
            this.slots = slots;
        }
    }
}
