package dev.distlab.paxos.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.persist.PersistedState;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.NodeEnvironment;
import dev.distlab.paxos.node.NodeMetrics;
import dev.distlab.paxos.node.NodeSettings;
import dev.distlab.paxos.node.ReplicaNode;
import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/**
 * One simulated process running the production {@link ReplicaNode} over a real {@link DurableLog}, driven like
 * the service's protocol thread drives it: each input (messages, a tick, a request, a completion) runs on the
 * node, then {@link ReplicaNode#process()}. Any exception there is what ends the real process (fail loudly),
 * so here it crashes this host; it restarts later from its disk as a new incarnation with a fresh node.
 */
final class SimHost {

    /** What the driver loop does with an exception from the node; production (and the simulator) crash. */
    static final boolean CRASH_ON_ERROR = true;
    /** Small chunks, so that a transfer takes several round trips and can break off in the middle. */
    private static final int SNAPSHOT_CHUNK_BYTES = 512;

    final int id;
    private final PaxosConfig config;
    private final NodeSettings settings;
    private final NodeDisk disk;
    private final NodeSimulation sim;
    private final Random random;
    private ReplicaNode node;
    private DurableLog durable;
    private SnapshotStore snapshots;
    private KvStateMachine kv;
    private int incarnation;
    long restartAt = -1;
    int crashes;
    String lastCrash;

    SimHost(int id, PaxosConfig config, NodeSettings settings, NodeDisk disk, NodeSimulation sim, Random random) {
        this.id = id;
        this.config = config;
        this.settings = settings;
        this.disk = disk;
        this.sim = sim;
        this.random = random;
    }

    boolean isUp() {
        return node != null;
    }

    int incarnation() {
        return incarnation;
    }

    ReplicaNode node() {
        return node;
    }

    KvStateMachine kv() {
        return kv;
    }

    /** Starts a process on this machine: recover the log, build the node, let it persist what it starts with. */
    void start() {
        incarnation++;
        int me = incarnation;
        try {
            durable = disk.open();
            snapshots = disk.snapshots();
            kv = new KvStateMachine(sim.params.kvHistory);
            node = new ReplicaNode(id, config, settings, durable, snapshots, kv, new Environment(me),
                    NodeMetrics.NONE, new Random(random.nextLong()));
            node.process();
            observeChosen();
        } catch (RuntimeException | java.io.IOException e) {
            if (e instanceof Violation v) {
                throw v;
            }
            die("start failed: " + e);
        }
    }

    /** The process ends at once: nothing more runs on it, its disk loses what it did not sync. */
    void crash(String why) {
        sim.trace("crash node " + id + ": " + why);
        node = null;
        durable = null;
        snapshots = null;
        kv = null;
        crashes++;
        lastCrash = why;
        incarnation++; // completions addressed to the dead process find no one
        disk.crash();
    }

    /**
     * Runs one input on the protocol thread of the incarnation it was meant for, then processes: the driver
     * loop of {@code ReplicaDriver.run}.
     */
    boolean run(int forIncarnation, Runnable input) {
        if (node == null || forIncarnation != incarnation) {
            return false;
        }
        try {
            input.run();
            node.process();
        } catch (Violation v) {
            throw v;
        } catch (Throwable e) {
            if (CRASH_ON_ERROR) {
                die(e.toString());
                return false;
            }
            sim.trace("node " + id + " swallowed " + e);
        }
        if (node != null) {
            observeChosen();
        }
        return true;
    }

    private void die(String why) {
        crash(why);
        restartAt = sim.loop.now() + sim.params.restartDelayNanos(random);
    }

    void tick() {
        run(incarnation, () -> node.tick());
    }

    void armDiskFault() {
        disk.armFault(random);
    }

    void discard() {
        disk.discard();
    }

    /** Every value this node's disk holds as chosen goes to the agreement and validity check. */
    private void observeChosen() {
        PersistedState state = durable.state();
        for (LogEntry entry : state.entries()) {
            if (entry.chosen() || entry.slot() <= state.commitIndex()) {
                sim.safety.applied(id, entry.slot(), entry.slot(), entry.value());
            }
        }
    }

    @Override
    public String toString() {
        return node == null ? "node " + id + " down (" + lastCrash + ")" : "node " + id + " " + node.status();
    }

    /** The node's world as one incarnation sees it: the simulated network, the leader RPC and the event loop. */
    private final class Environment implements NodeEnvironment {

        private final int me;

        Environment(int me) {
            this.me = me;
        }

        @Override
        public long nanoTime() {
            return sim.loop.now();
        }

        /** Like the peer transport: one packet per peer, encoded with the production codec. */
        @Override
        public void send(List<Message> messages) {
            Map<Integer, List<Message>> byPeer = new java.util.TreeMap<>();
            for (Message m : messages) {
                byPeer.computeIfAbsent(m.to(), to -> new ArrayList<>()).add(m);
            }
            byPeer.forEach((to, batch) -> {
                byte[] packet = PaxosCodec.encodeMessages(batch);
                sim.network.send(id, to, () -> {
                    SimHost peer = sim.host(to);
                    peer.run(peer.incarnation(), () -> peer.node.deliver(PaxosCodec.decodeMessages(packet)));
                });
            });
        }

        @Override
        public CompletableFuture<KvResult> forwardWrite(int leader, Command command) {
            return call(leader, peer -> peer.node.write(command, false));
        }

        @Override
        public CompletableFuture<Long> readIndexAt(int leader) {
            return call(leader, peer -> peer.node.readIndex(false));
        }

        /**
         * A request to another process and its answer, both over the lossy network, with the HTTP client's
         * time-out: a lost request or answer fails the future, it never hangs.
         */
        private <T> CompletableFuture<T> call(int to, java.util.function.Function<SimHost, CompletableFuture<T>> request) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            sim.network.send(id, to, () -> {
                SimHost peer = sim.host(to);
                peer.run(peer.incarnation(), () -> request.apply(peer).whenComplete((value, error) ->
                        sim.network.send(to, id, () -> {
                            if (incarnation != me) {
                                return; // the asking process died: its connection went with it
                            }
                            if (error == null) {
                                answer.complete(value);
                            } else {
                                answer.completeExceptionally(error);
                            }
                        })));
            });
            sim.loop.after(sim.params.rpcTimeoutNanos, () -> answer.completeExceptionally(
                    new TimeoutException("no answer from replica " + to)));
            return answer;
        }

        /**
         * Like the service's fetcher: chunk after chunk from the peer's snapshot store into a partial file here,
         * each request and answer over the lossy network; a lost one fails the fetch, which resumes next time.
         */
        @Override
        public CompletableFuture<Void> fetchSnapshot(int from, SnapshotRef ref) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            fetchChunk(from, ref, done);
            return done;
        }

        private void fetchChunk(int from, SnapshotRef ref, CompletableFuture<Void> done) {
            SnapshotStore mine = snapshots;
            long offset = mine.partialBytes(ref);
            if (offset >= ref.fileBytes()) {
                inBackground(() -> {
                    try {
                        mine.completeFetch(ref);
                        done.complete(null);
                    } catch (java.io.IOException | RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
                return;
            }
            call(from, peer -> {
                try {
                    byte[] chunk = peer.snapshots.readChunk(ref.index(), offset, SNAPSHOT_CHUNK_BYTES);
                    return chunk.length == 0
                            ? CompletableFuture.failedFuture(new java.io.IOException("empty chunk"))
                            : CompletableFuture.completedFuture(chunk);
                } catch (java.io.IOException e) {
                    return CompletableFuture.failedFuture(e); // the peer has a newer snapshot by now
                }
            }).whenComplete((chunk, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                    return;
                }
                inBackground(() -> {
                    try {
                        mine.appendChunk(ref, offset, chunk);
                        fetchChunk(from, ref, done);
                    } catch (java.io.IOException | RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            });
        }

        /** A background thread of this process: runs a little later, and not at all once the process died. */
        @Override
        public void inBackground(Runnable task) {
            sim.loop.after(random.nextInt(20) * NodeSimParams.MS, () -> {
                if (incarnation == me && node != null) {
                    task.run();
                }
            });
        }

        @Override
        public void onProtocolThread(Runnable task) {
            sim.loop.after(0, () -> run(me, task));
        }

        @Override
        public RuntimeException unavailable(String why) {
            return new IllegalStateException("unavailable: " + why);
        }
    }
}
