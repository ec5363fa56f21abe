package dev.distlab.participant.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.common.fatal.FatalErrors;
import dev.distlab.participant.config.ConfigStore;
import dev.distlab.participant.config.StoreQuotaExceededException;
import dev.distlab.participant.replication.identity.ReplicaIdentity;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.NodeEnvironment;
import dev.distlab.paxos.node.NodeSettings;
import dev.distlab.paxos.node.ReplicaNode;
import dev.distlab.paxos.node.ReplicaStatus;
import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/**
 * Runs one {@link ReplicaNode} for real: a single protocol thread takes every input from a bounded queue
 * (messages, requests, ticks) and lets the node handle what they produced (persist, send, apply). Everything
 * that decides what the replica does lives in the node, which the simulator runs too; this class only owns
 * the threads, the queue, the client sessions and the process's fate.
 *
 * <p><b>Fail loudly.</b> Any error on the protocol thread ends the process (see {@link FatalErrors}): the
 * core has already moved past the batch it was handling, so going on would mean acknowledging from memory
 * what is not on disk, or skipping slots the others applied. A watchdog ends it too if the protocol thread
 * stops moving, and {@link #status()} then says {@code stalled}, never the role it last had.
 */
public class ReplicaDriver implements ConfigStore, ReplicaStatusSource {

    private static final Logger log = LoggerFactory.getLogger(ReplicaDriver.class);
    private static final int SESSIONS = 64;

    private final int nodeId;
    private final PaxosConfig config;
    private final ReplicationProperties properties;
    private final Path dataDir;
    private final PeerTransport transport;
    private final LeaderClient leaderClient;
    private final ReplicationMetrics metrics;
    private final FatalErrors fatal;
    private final SnapshotFetcher fetcher;
    private final ReplicaIdentity identity;
    private final SpaceQuota quota;
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final BlockingQueue<Runnable> inbox;

    private ReplicaNode node;
    private DurableLog durable;
    private SnapshotStore snapshots;
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "paxos-snapshots");
        thread.setDaemon(true);
        return thread;
    });
    private Thread thread;
    private ProtocolWatchdog watchdog;
    private volatile boolean running;
    private volatile String notServing = "starting";
    /** The planted bugs of platform.unsafe.* (see {@link UnsafeReplicaConfiguration}); safe by default. */
    private volatile UnsafeReplicaConfiguration.Settings unsafe = UnsafeReplicaConfiguration.Settings.SAFE;

    ReplicaDriver(int nodeId, PaxosConfig config, ReplicationProperties properties, Path dataDir,
            PeerTransport transport, LeaderClient leaderClient, SnapshotFetcher fetcher, ReplicaIdentity identity,
            ReplicationMetrics metrics, String instanceId, FatalErrors fatal) {
        this.identity = identity;
        this.fetcher = fetcher;
        this.nodeId = nodeId;
        this.config = config;
        this.properties = properties;
        this.dataDir = dataDir;
        this.transport = transport;
        this.leaderClient = leaderClient;
        this.metrics = metrics;
        this.fatal = fatal;
        this.quota = new SpaceQuota(properties.getQuotaBytes());
        this.inbox = new LinkedBlockingQueue<>(properties.getInboxLimit());
        String boot = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= SESSIONS; i++) {
            sessions.add(new Session(instanceId + "/" + boot + "/" + i));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Plants the unsafe switches' bugs; takes effect for reads at once, for the log at the next start. */
    void runUnsafely(UnsafeReplicaConfiguration.Settings settings) {
        this.unsafe = settings;
    }

    synchronized void start() {
        try {
            durable = DurableLog.open(dataDir, properties.getWalCompactBytes());
            snapshots = new SnapshotStore(dataDir.resolve("snapshots"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Paxos log in " + dataDir, e);
        }
        NodeSettings settings = new NodeSettings(properties.getTick(), properties.getRequestTimeout(),
                properties.getSnapshotEvery(), properties.getSnapshotBytes())
                .withUnsafeWriteDelay(unsafe.acceptWriteDelay());
        node = new ReplicaNode(nodeId, config, settings, durable, snapshots,
                new KvStateMachine(properties.getHistoryLimit()), new Environment(), metrics, new Random(),
                identity.rejoining());
        if (identity.rejoining()) {
            log.info("Replica {} was re-added after losing its data: it learns from the leader and does not vote "
                    + "until it has caught up", nodeId);
        }
        log.info("Paxos replica {} of {} starting from {}: promised ballot {}, {} log entries, snapshot at slot {}, "
                + "commit index {}", nodeId, config.members().size(), dataDir, durable.state().promised(),
                durable.state().entries().size(), durable.state().snapshot().index(), durable.state().commitIndex());
        running = true;
        notServing = null;
        transport.start();
        thread = new Thread(this::run, "paxos-" + nodeId);
        watchdog = new ProtocolWatchdog(thread, properties.getStallTimeout(),
                stalledFor -> die("the protocol thread has not moved for " + stalledFor.toMillis()
                        + " ms (stall timeout " + properties.getStallTimeout().toMillis() + " ms)", null));
        thread.start();
        watchdog.start();
    }

    synchronized void stop() {
        running = false;
        notServing = "stopping";
        if (watchdog != null) {
            watchdog.stop();
        }
        transport.stop();
        leaderClient.stop();
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        background.shutdownNow();
        try {
            if (durable != null) {
                durable.close();
            }
        } catch (IOException e) {
            log.warn("Closing the Paxos log failed: {}", e.toString());
        }
    }

    @Override
    public ReplicaStatus status() {
        ReplicaNode current = node;
        if (current == null) {
            return new ReplicaStatus(nodeId, "starting", 0, "0.0", 0, 0, 0, 0, 0, false);
        }
        String why = notServing != null ? notServing : watchdog != null && watchdog.stalled() ? "stalled" : null;
        return why == null ? current.status() : current.status().notServing(why);
    }

    /** Bytes of keys and values held, against {@link #quotaBytes()}. */
    long storeBytes() {
        return node == null ? 0 : node.query(KvStateMachine::dataBytes);
    }

    long quotaBytes() {
        return quota.quotaBytes();
    }

    /** Raised by a write refused for space, lowered once deletes made room. */
    boolean quotaAlarm() {
        return quota.alarm(storeBytes());
    }

    /** Where this replica keeps its snapshot files (served to peers in chunks). */
    SnapshotStore snapshots() {
        return snapshots;
    }

    /** The protocol thread's heartbeat, for the liveness probe: false once it stopped or stalled. */
    boolean protocolThreadAlive() {
        return running && notServing == null && thread != null && thread.isAlive() && !watchdog.stalled();
    }

    // ---------------------------------------------------------------- inputs from other threads

    /** Messages from a peer, as received by the transport; dropped (like a lossy network) if the queue is full. */
    void deliver(List<Message> messages) {
        if (!inbox.offer(() -> node.deliver(messages))) {
            log.warn("The protocol queue is full ({} inputs): dropped {} messages from a peer",
                    properties.getInboxLimit(), messages.size());
        }
    }

    /**
     * Writes go out through a fixed set of client sessions, each with at most one write in flight: the state
     * machine deduplicates per session by sequence number, which is only sound if a session's commands reach
     * the log in sequence order. A write that timed out is fenced by its session's next sequence number.
     */
    @Override
    public CompletableFuture<KvResult> write(KvCommand command) {
        try {
            quota.admit(command, node::query);
        } catch (StoreQuotaExceededException e) {
            return CompletableFuture.failedFuture(e);
        }
        Session session;
        try {
            session = sessions.poll(properties.getRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new StoreUnavailableException("interrupted"));
        }
        if (session == null) {
            return CompletableFuture.failedFuture(new StoreUnavailableException(
                    "all " + SESSIONS + " write sessions of this replica stayed busy for "
                            + properties.getRequestTimeout().toMillis() + " ms"));
        }
        Command c = new Command(new CommandId(session.clientId, ++session.seq), command.encode());
        CompletableFuture<KvResult> result = onProtocolThread(() -> node.write(c, true));
        result.whenComplete((r, e) -> sessions.add(session));
        return result;
    }

    /** A write forwarded by another replica: proposed here only if this replica leads. */
    CompletableFuture<KvResult> proposeAsLeader(Command command) {
        return onProtocolThread(() -> node.write(command, false));
    }

    @Override
    public <T> CompletableFuture<T> read(Consistency consistency, Function<KvStateMachine, T> query) {
        if (consistency == Consistency.STALE || unsafe.readsWithoutQuorum()) {
            return CompletableFuture.completedFuture(node.query(query));
        }
        return onProtocolThread(() -> node.readIndex(true))
                .thenCompose(index -> onProtocolThread(() -> node.awaitApplied(index)))
                .thenApply(ignored -> node.query(query));
    }

    /** The leader's side of a read forwarded by another replica: the confirmed commit index. */
    CompletableFuture<Long> readIndexAsLeader() {
        return onProtocolThread(() -> node.readIndex(false));
    }

    @Override
    public CompletableFuture<Long> awaitRevisionAfter(long afterRevision, Duration timeout) {
        return onProtocolThread(() -> node.awaitRevisionAfter(afterRevision, timeout.toNanos()));
    }

    /** Runs a request on the protocol thread; a full queue or a replica that is not serving answers at once. */
    private <T> CompletableFuture<T> onProtocolThread(java.util.function.Supplier<CompletableFuture<T>> request) {
        if (notServing != null) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("this replica is " + notServing));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = inbox.offer(() -> request.get().whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }));
        if (!queued) {
            result.completeExceptionally(new StoreUnavailableException("this replica's protocol queue is full ("
                    + properties.getInboxLimit() + " inputs)"));
        }
        return result;
    }

    // ---------------------------------------------------------------- the protocol thread

    private void run() {
        long tickNanos = properties.getTick().toNanos();
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (running) {
                watchdog.beat();
                Runnable task = inbox.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                int handled = 0;
                while (task != null) {
                    task.run();
                    task = ++handled < 10_000 ? inbox.poll() : null;
                }
                if (System.nanoTime() >= nextTick) {
                    node.tick();
                    nextTick += tickNanos;
                    if (nextTick < System.nanoTime()) {
                        nextTick = System.nanoTime() + tickNanos; // after a pause: no burst of catch-up ticks
                    }
                }
                node.process();
                if (identity.rejoining() && !node.rejoining()) {
                    identity.markCaughtUp(); // only now, with what it learned durable, may it vote after a restart
                }
            }
        } catch (InterruptedException e) {
            if (running) {
                die("the protocol thread was interrupted while the replica was running", e);
            }
        } catch (IOException e) {
            die("the disk refused a write (" + e.getMessage() + "), so this replica can no longer keep its promises",
                    e);
        } catch (Throwable e) {
            die("an unexpected " + e.getClass().getSimpleName() + " on the protocol thread (" + e.getMessage()
                    + ") left its state in doubt", e);
        }
    }

    /** Stops serving at once, then lets the process end so that a supervisor restarts it from disk. */
    private void die(String why, Throwable cause) {
        notServing = "failed";
        running = false;
        fatal.fatal("Paxos replica " + nodeId + " stops the process: " + why, cause);
    }

    /** The node's world: HTTP for peers and the leader, this thread's queue for completions. */
    private final class Environment implements NodeEnvironment {

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void send(List<Message> messages) {
            transport.send(messages);
        }

        @Override
        public CompletableFuture<KvResult> forwardWrite(int leader, Command command) {
            return leaderClient.propose(leader, command);
        }

        @Override
        public CompletableFuture<Long> readIndexAt(int leader) {
            return leaderClient.readIndex(leader);
        }

        @Override
        public CompletableFuture<Void> fetchSnapshot(int from, SnapshotRef ref) {
            return fetcher.fetch(from, ref, snapshots, background);
        }

        @Override
        public void inBackground(Runnable task) {
            background.execute(task);
        }

        @Override
        public void onProtocolThread(Runnable task) {
            if (!inbox.offer(task)) {
                log.warn("The protocol queue is full ({} inputs): a forwarded request's answer was dropped; its "
                        + "client times out", properties.getInboxLimit());
            }
        }

        @Override
        public RuntimeException unavailable(String why) {
            return new StoreUnavailableException(why);
        }
    }

    /** A client session of this replica: one write in flight, sequence numbers in order. */
    private static final class Session {
        final String clientId;
        long seq;

        Session(String clientId) {
            this.clientId = clientId;
        }
    }
}
