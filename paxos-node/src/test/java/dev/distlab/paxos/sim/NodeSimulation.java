package dev.distlab.paxos.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.node.NodeSettings;
import dev.distlab.paxos.node.ReplicaStatus;

/**
 * A cluster of production {@link dev.distlab.paxos.node.ReplicaNode}s in one thread, driven by one seed: each
 * over its own {@link dev.distlab.paxos.storage.DurableLog} on its own disk, talking through
 * {@code PaxosCodec}-encoded packets over a lossy network, forwarding writes and read-index requests to the
 * leader over the same network. A fault phase (loss, duplication, reordering, partitions, cut links, crashes,
 * disk faults) while clients run; then everything heals and the cluster must converge and commit a fresh
 * write. Agreement and validity (on every node's disk), equal replicas and linearizability of the clients'
 * history are checked on every run, with paxos-core's checkers.
 */
public final class NodeSimulation {

    private static final long PROGRESS_BOUND_NANOS = 30_000 * NodeSimParams.MS;
    private static final long CLIENT_TAIL_NANOS = 1_500 * NodeSimParams.MS;

    final long seed;
    final NodeSimParams params;
    final EventLoop loop = new EventLoop();
    final PacketNetwork network;
    final SafetyChecker safety = new SafetyChecker();
    final History history = new History();
    private final Random random;
    private final SimHost[] hosts;
    private final List<NodeSimClient> clients = new ArrayList<>();
    private final Map<String, Long> lastModRevision = new HashMap<>();
    private final boolean tracing;
    private long valueCounter;
    private NodeSimClient probe;

    /** Builds the disk of node {@code id} for a run; see {@link #run(long, boolean, DiskFactory)}. */
    public interface DiskFactory {
        NodeDisk create(long seed, int id, long compactAboveBytes, Random random);
    }

    private NodeSimulation(long seed, boolean tracing, DiskFactory disks) {
        this.seed = seed;
        this.tracing = tracing;
        this.random = new Random(seed);
        this.params = new NodeSimParams(random);
        PaxosConfig config = PaxosConfig.ofSize(params.nodes).withTicks(3, 20).withLimits(8, 64, 16);
        NodeSettings settings = new NodeSettings(Duration.ofNanos(params.tickNanos),
                Duration.ofNanos(params.requestTimeoutNanos), params.snapshotEvery);
        this.network = new PacketNetwork(loop, new Random(random.nextLong()), params.nodes, params.dropRate,
                params.duplicateRate, NodeSimParams.MS, params.maxDelayNanos);
        this.hosts = new SimHost[params.nodes + 1];
        for (int i = 1; i <= params.nodes; i++) {
            Random hostRandom = new Random(random.nextLong());
            NodeDisk disk = disks.create(seed, i, params.compactAboveBytes, new Random(random.nextLong()));
            hosts[i] = new SimHost(i, config, settings, disk, this, hostRandom);
        }
        for (int i = 0; i < params.clients; i++) {
            clients.add(new NodeSimClient("c" + i, this, new Random(random.nextLong())));
        }
    }

    /**
     * Disks in real directories: under {@code -Dpaxos.node.simDir}, else in {@code /dev/shm} where it exists (a
     * tmpfs: the same file system calls, but an fsync costs nothing, so a seed takes about a second rather than
     * ten), else under {@code target/node-sim}.
     */
    public static DiskFactory tempDirDisks() {
        Path shm = Path.of("/dev/shm");
        String fallback = java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)
                ? "/dev/shm/distlab-node-sim-" + ProcessHandle.current().pid() : "target/node-sim";
        Path base = Path.of(System.getProperty("paxos.node.simDir", fallback));
        return (seed, id, compact, random) -> new TempDirDisk(base.resolve(seed + "/n" + id), compact);
    }

    /** Each node's log and snapshot files on a {@link SimulatedDisk} of its own. */
    public static DiskFactory simulatedDisks() {
        return (seed, id, compact, random) -> new SimulatedDisk(random.nextLong(), compact);
    }

    /** Runs one seed; throws {@link NodeSimulationFailure} naming the seed if any check fails. */
    public static Summary run(long seed, DiskFactory disks) {
        return run(seed, Boolean.getBoolean("paxos.trace"), disks);
    }

    public static Summary run(long seed, boolean tracing, DiskFactory disks) {
        NodeSimulation sim = new NodeSimulation(seed, tracing, disks);
        try {
            return sim.execute();
        } catch (RuntimeException | StackOverflowError e) {
            throw new NodeSimulationFailure(seed, e + "\n  params: " + sim.params + "\n  at " + sim.loop.now()
                    / NodeSimParams.MS + " ms: " + sim.describeNodes(), e instanceof Violation ? null : e);
        } finally {
            for (int i = 1; i < sim.hosts.length; i++) {
                sim.hosts[i].discard();
            }
        }
    }

    private Summary execute() {
        trace("params " + params);
        for (int i = 1; i < hosts.length; i++) {
            hosts[i].start();
            scheduleTicks(hosts[i], (long) (random.nextDouble() * params.tickNanos));
        }
        long start = loop.now();
        long step = params.tickNanos;
        long at = start;
        while (loop.now() < start + params.faultNanos) {
            at += step;
            runUntil(at);
            injectFaults();
            startOperations();
        }
        healEverything();
        long healedAt = loop.now();
        probe = new NodeSimClient("probe", this, new Random(random.nextLong()));
        probe.start("probe", KvCommand.put("probe", "after-heal"));
        while (!converged()) {
            if (loop.now() - healedAt > PROGRESS_BOUND_NANOS) {
                throw new Violation("no progress " + PROGRESS_BOUND_NANOS / NodeSimParams.MS
                        + " ms after healing (probe " + (probe.isIdle() ? "done" : "pending") + ")");
            }
            at += step;
            runUntil(at);
            restartDue();
            if (loop.now() - healedAt < CLIENT_TAIL_NANOS) {
                startOperations();
            }
        }
        checkReplicasEqual();
        boolean checked = LinearizabilityChecker.check(history.ops());
        return new Summary(seed, (loop.now() - start) / NodeSimParams.MS, network.sent, history.ops().size(),
                safety.highestChosen(), checked, crashes());
    }

    private void runUntil(long until) {
        while (loop.runNext(until)) {
            if (loop.pending() > 500_000) {
                throw new Violation("event storm: " + loop.pending() + " events pending");
            }
        }
    }

    private void scheduleTicks(SimHost host, long firstDelay) {
        loop.after(firstDelay, new Runnable() {
            @Override
            public void run() {
                host.tick();
                loop.after(params.tickNanos, this);
            }
        });
    }

    private void startOperations() {
        restartDue();
        for (NodeSimClient c : clients) {
            if (c.isIdle() && random.nextDouble() < params.opRate) {
                startOperation(c);
            }
        }
    }

    private void startOperation(NodeSimClient c) {
        String key = "k" + random.nextInt(params.keys);
        long known = lastModRevision.getOrDefault(key, 1L);
        String value = "v" + ++valueCounter; // unique: a read names the one write it saw
        KvCommand write = switch (random.nextInt(10)) {
            case 0, 1, 2 -> null;
            case 3, 4 -> KvCommand.put(key, value);
            case 5 -> KvCommand.putIfAbsent(key, value);
            case 6, 7 -> KvCommand.putIfMatch(key, value, known);
            case 8 -> KvCommand.delete(key);
            default -> KvCommand.deleteIfMatch(key, known);
        };
        c.start(key, write);
    }

    // ---------------------------------------------------------------- faults

    private void injectFaults() {
        if (random.nextDouble() < params.diskFaultRate / 20) {
            int victim = 1 + random.nextInt(params.nodes);
            trace("arm a disk fault on node " + victim);
            hosts[victim].armDiskFault();
        }
        if (random.nextDouble() >= params.faultRate) {
            return;
        }
        int n = params.nodes;
        int victim = 1 + random.nextInt(n);
        switch (random.nextInt(8)) {
            case 0, 1 -> crash(victim);
            case 2 -> {
                List<Integer> side = Links.randomSide(random, n);
                trace("partition " + side);
                network.partition(side);
            }
            case 3 -> {
                int to = 1 + random.nextInt(n);
                if (to != victim) {
                    trace("cut link " + victim + "->" + to);
                    network.cut(victim, to);
                }
            }
            case 4 -> {
                trace("heal links");
                network.healLinks();
            }
            case 5 -> {
                int leader = currentLeader();
                if (leader > 0) {
                    trace("isolate leader " + leader);
                    network.partition(List.of(leader));
                }
            }
            case 6 -> {
                if (random.nextDouble() < params.diskFaultRate) {
                    trace("arm a disk fault on node " + victim);
                    hosts[victim].armDiskFault();
                }
            }
            default -> crash(currentLeader() > 0 ? currentLeader() : victim);
        }
    }

    private void crash(int id) {
        SimHost host = hosts[id];
        if (host.isUp() && downCount() < params.nodes / 2 + 1) {
            host.crash("injected");
            host.restartAt = loop.now() + params.restartDelayNanos(random);
        }
    }

    private void restartDue() {
        for (int i = 1; i < hosts.length; i++) {
            SimHost host = hosts[i];
            if (!host.isUp() && host.restartAt >= 0 && loop.now() >= host.restartAt) {
                trace("restart node " + i);
                host.restartAt = -1;
                host.start();
            }
        }
    }

    private void healEverything() {
        trace("heal everything");
        network.healLinks();
        network.dropRate = 0;
        network.duplicateRate = 0;
        for (int i = 1; i < hosts.length; i++) {
            if (!hosts[i].isUp()) {
                hosts[i].restartAt = loop.now();
            }
        }
        restartDue();
    }

    private int downCount() {
        int down = 0;
        for (int i = 1; i < hosts.length; i++) {
            if (!hosts[i].isUp()) {
                down++;
            }
        }
        return down;
    }

    private int currentLeader() {
        for (int i = 1; i < hosts.length; i++) {
            if (hosts[i].isUp() && "leader".equals(hosts[i].node().status().role())) {
                return i;
            }
        }
        return 0;
    }

    private int crashes() {
        int crashes = 0;
        for (int i = 1; i < hosts.length; i++) {
            crashes += hosts[i].crashes;
        }
        return crashes;
    }

    // ---------------------------------------------------------------- end-of-run checks

    private boolean converged() {
        if (!probe.isIdle()) {
            return false;
        }
        for (NodeSimClient c : clients) {
            if (!c.isIdle()) {
                return false;
            }
        }
        long applied = -1;
        for (int i = 1; i < hosts.length; i++) {
            if (!hosts[i].isUp()) {
                return false;
            }
            ReplicaStatus status = hosts[i].node().status();
            if (applied < 0) {
                applied = status.appliedIndex();
            }
            if (status.appliedIndex() != applied || status.commitIndex() != applied) {
                return false;
            }
        }
        return applied >= safety.highestChosen();
    }

    private void checkReplicasEqual() {
        List<KvEntry> first = hosts[1].kv().range("");
        for (int i = 2; i < hosts.length; i++) {
            if (hosts[i].kv().revision() != hosts[1].kv().revision() || !hosts[i].kv().range("").equals(first)) {
                throw new Violation("replicas 1 and " + i + " differ after converging: " + first + " vs "
                        + hosts[i].kv().range(""));
            }
        }
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < hosts.length; i++) {
            sb.append("\n    ").append(hosts[i]);
        }
        return sb.append("\n    cuts: ").append(network.describeCuts()).toString();
    }

    // ---------------------------------------------------------------- for hosts and clients

    SimHost host(int id) {
        return hosts[id];
    }

    void observed(KvEntry entry) {
        if (entry != null) {
            lastModRevision.merge(entry.key(), entry.modRevision(), Math::max);
        }
    }

    void trace(String line) {
        if (tracing) {
            System.out.println("[" + seed + " " + loop.now() / NodeSimParams.MS + "ms] " + line);
        }
    }

    /** What a passing run did, for progress reports. */
    public record Summary(long seed, long millis, long packets, int operations, long slots,
            boolean linearizabilityChecked, int crashes) {
    }
}
