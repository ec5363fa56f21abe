package dev.distlab.participant.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.participant.config.ConfigStore;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.CommittedEntry;
import dev.distlab.paxos.core.DroppedProposal;
import dev.distlab.paxos.core.Outcome;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.PaxosReplica;
import dev.distlab.paxos.core.ReadState;
import dev.distlab.paxos.core.Ready;
import dev.distlab.paxos.core.Role;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.storage.DurableLog;

/**
 * Runs one {@link PaxosReplica} for real: a single protocol thread takes every input from a queue (messages,
 * proposals, reads, ticks), and after each batch of inputs handles the replica's {@link Ready} in the order
 * that keeps it safe — <b>persist and fsync, then send, then apply</b>. All records gathered in one pass share
 * one fsync (group commit).
 *
 * <p>Any replica accepts a write or a linearizable read: the leader proposes (or confirms its leadership with
 * a quorum, for a read) itself; another replica asks the leader over {@link LeaderClient} and, for a read,
 * then waits until it has applied up to the index the leader confirmed. A request that cannot be served
 * within the request timeout fails with {@link StoreUnavailableException} (503), never hangs.
 *
 * <p>Retrying a write is safe: it keeps its command id, and the state machine applies an id at most once.
 */
public class ReplicaDriver implements ConfigStore, ReplicaStatusSource {

    private static final Logger log = LoggerFactory.getLogger(ReplicaDriver.class);

    private final int nodeId;
    private final PaxosConfig config;
    private final ReplicationProperties properties;
    private final Path dataDir;
    private final PeerTransport transport;
    private final LeaderClient leaderClient;
    private final ReplicationMetrics metrics;
    private static final int SESSIONS = 64;
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ReentrantReadWriteLock kvLock = new ReentrantReadWriteLock();
    private final KvStateMachine kv;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "paxos-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    // owned by the protocol thread
    private PaxosReplica replica;
    private DurableLog durable;
    private final Map<CommandId, PendingWrite> proposed = new HashMap<>();
    private final Map<Long, PendingRead> readsAtLeader = new HashMap<>();
    private List<PendingWrite> unplacedWrites = new ArrayList<>();
    private List<PendingRead> unplacedReads = new ArrayList<>();
    private final List<AppliedWaiter> appliedWaiters = new ArrayList<>();
    private final List<RevisionWaiter> revisionWaiters = new ArrayList<>();
    private final long[] lastHeardNanos;
    private long nextReadId;
    private long lastSnapshotIndex;
    private Role lastRole = Role.FOLLOWER;
    private int lastLeader;
    private boolean restored;

    private Thread thread;
    private volatile boolean running;
    private volatile ReplicaStatus status;

    ReplicaDriver(int nodeId, PaxosConfig config, ReplicationProperties properties, Path dataDir,
            PeerTransport transport, LeaderClient leaderClient, ReplicationMetrics metrics, String instanceId) {
        this.nodeId = nodeId;
        this.config = config;
        this.properties = properties;
        this.dataDir = dataDir;
        this.transport = transport;
        this.leaderClient = leaderClient;
        this.metrics = metrics;
        String boot = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= SESSIONS; i++) {
            sessions.add(new Session(instanceId + "/" + boot + "/" + i));
        }
        this.kv = new KvStateMachine(properties.getHistoryLimit());
        this.timer.setRemoveOnCancelPolicy(true); // answered requests leave no time-out behind
        this.lastHeardNanos = new long[config.members().size() + 1];
        this.status = new ReplicaStatus(nodeId, "follower", 0, "0.0", 0, 0, 0, 0, 0, false);
    }

    // ---------------------------------------------------------------- lifecycle

    synchronized void start() {
        try {
            durable = DurableLog.open(dataDir, properties.getWalCompactBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Paxos log in " + dataDir, e);
        }
        replica = PaxosReplica.restore(nodeId, config, durable.state(), new Random());
        log.info("Paxos replica {} of {} starting from {}: promised ballot {}, {} log entries, snapshot at slot {}, "
                + "commit index {}", nodeId, config.members().size(), dataDir, durable.state().promised(),
                durable.state().entries().size(), durable.state().snapshot().index(), durable.state().commitIndex());
        running = true;
        transport.start();
        thread = new Thread(this::run, "paxos-" + nodeId);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        transport.stop();
        leaderClient.stop();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
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
        return status;
    }

    // ---------------------------------------------------------------- inputs from other threads

    /** Messages from a peer, as received by the transport. */
    void deliver(List<Message> messages) {
        inbox.add(() -> {
            long now = System.nanoTime();
            for (Message message : messages) {
                if (message.from() > 0 && message.from() < lastHeardNanos.length) {
                    lastHeardNanos[message.from()] = now;
                }
                replica.step(message);
            }
        });
    }

    /**
     * Writes go out through a fixed set of client sessions, each with at most one write in flight: the state
     * machine deduplicates per session by sequence number, which is only sound if a session's commands reach
     * the log in sequence order. A write that timed out is fenced by its session's next sequence number.
     */
    @Override
    public CompletableFuture<KvResult> write(KvCommand command) {
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
        CompletableFuture<KvResult> result = submit(c, true);
        result.whenComplete((r, e) -> sessions.add(session));
        return result;
    }

    /** A write forwarded by another replica: proposed here only if this replica leads. */
    CompletableFuture<KvResult> proposeAsLeader(Command command) {
        return submit(command, false);
    }

    @Override
    public <T> CompletableFuture<T> read(Consistency consistency, Function<KvStateMachine, T> query) {
        if (consistency == Consistency.STALE) {
            return CompletableFuture.completedFuture(query(query));
        }
        long deadline = deadline();
        return confirmReadIndex(true, deadline)
                .thenCompose(index -> awaitApplied(index, deadline))
                .thenApply(ignored -> query(query));
    }

    /** The leader's side of a read forwarded by another replica: the confirmed commit index. */
    CompletableFuture<Long> readIndexAsLeader() {
        return confirmReadIndex(false, deadline());
    }

    @Override
    public CompletableFuture<Long> awaitRevisionAfter(long afterRevision, Duration timeout) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        inbox.add(() -> {
            if (kv.revision() > afterRevision) {
                future.complete(kv.revision());
            } else {
                revisionWaiters.add(new RevisionWaiter(afterRevision, future));
            }
        });
        ScheduledFuture<?> expiry = timer.schedule(() -> future.complete(query(KvStateMachine::revision)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((revision, error) -> expiry.cancel(false));
        return future;
    }

    private <T> T query(Function<KvStateMachine, T> query) {
        kvLock.readLock().lock();
        try {
            return query.apply(kv);
        } finally {
            kvLock.readLock().unlock();
        }
    }

    private CompletableFuture<KvResult> submit(Command command, boolean mayForward) {
        PendingWrite write = new PendingWrite(command, mayForward, deadline(), System.nanoTime());
        failAtDeadline(write.future, write.deadline, "no majority committed the write within "
                + properties.getRequestTimeout().toMillis() + " ms; it may or may not be applied later");
        inbox.add(() -> place(write));
        return write.future;
    }

    private CompletableFuture<Long> confirmReadIndex(boolean mayForward, long deadline) {
        PendingRead read = new PendingRead(mayForward, deadline);
        failAtDeadline(read.future, deadline, "no majority confirmed the read within "
                + properties.getRequestTimeout().toMillis() + " ms");
        inbox.add(() -> place(read));
        return read.future;
    }

    private CompletableFuture<Void> awaitApplied(long index, long deadline) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        failAtDeadline(future, deadline, "this replica did not catch up with the leader within "
                + properties.getRequestTimeout().toMillis() + " ms");
        inbox.add(() -> {
            if (kv.appliedIndex() >= index) {
                future.complete(null);
            } else {
                appliedWaiters.add(new AppliedWaiter(index, future));
            }
        });
        return future;
    }

    private long deadline() {
        return System.nanoTime() + properties.getRequestTimeout().toNanos();
    }

    private void failAtDeadline(CompletableFuture<?> future, long deadline, String why) {
        ScheduledFuture<?> timeout = timer.schedule(
                () -> future.completeExceptionally(new StoreUnavailableException(why)),
                Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        future.whenComplete((result, error) -> timeout.cancel(false));
    }

    // ---------------------------------------------------------------- the protocol thread

    private void run() {
        long tickNanos = properties.getTick().toNanos();
        long nextTick = System.nanoTime() + tickNanos;
        while (running) {
            try {
                Runnable task = inbox.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                int handled = 0;
                while (task != null) {
                    task.run();
                    task = ++handled < 10_000 ? inbox.poll() : null;
                }
                if (System.nanoTime() >= nextTick) {
                    replica.tick();
                    nextTick += tickNanos;
                    if (nextTick < System.nanoTime()) {
                        nextTick = System.nanoTime() + tickNanos; // after a pause: no burst of catch-up ticks
                    }
                    retryUnplaced();
                }
                while (replica.hasReady()) {
                    handle(replica.ready());
                }
                observeLeadership();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                // the disk refused a write: the replica can no longer keep its promises, so it stops
                log.error("Paxos replica {} cannot persist its state and stops taking part: {}", nodeId, e.toString());
                running = false;
                return;
            } catch (RuntimeException e) {
                log.error("Paxos replica {}: unexpected error on the protocol thread", nodeId, e);
            }
        }
    }

    private void handle(Ready ready) throws IOException {
        // 1. persist, and fsync once for the whole batch, before any message that depends on it leaves
        durable.append(ready.records());
        durable.sync();
        // 2. send
        transport.send(ready.messages());
        // 3. apply
        List<Runnable> completions = new ArrayList<>();
        kvLock.writeLock().lock();
        try {
            if (ready.snapshotToApply() != null) {
                kv.restore(ready.snapshotToApply().data());
                lastSnapshotIndex = ready.snapshotToApply().index();
                if (restored) {
                    log.info("Caught up from the leader's snapshot at slot {} (revision {})",
                            ready.snapshotToApply().index(), kv.revision());
                    metrics.snapshotInstalled();
                }
            }
            for (CommittedEntry entry : ready.committedEntries()) {
                Map<CommandId, KvResult> results = kv.apply(entry.slot(), entry.value());
                metrics.applied(entry.value().commands().size());
                results.forEach((id, result) -> {
                    PendingWrite write = proposed.remove(id);
                    if (write != null) {
                        completions.add(() -> {
                            metrics.committed(System.nanoTime() - write.startNanos);
                            write.future.complete(result);
                        });
                    }
                });
            }
        } finally {
            kvLock.writeLock().unlock();
        }
        restored = true;
        completions.forEach(Runnable::run);
        for (ReadState confirmed : ready.readStates()) {
            PendingRead read = readsAtLeader.remove(confirmed.readId());
            if (read != null) {
                read.future.complete(confirmed.index());
            }
        }
        for (long readId : ready.failedReads()) {
            PendingRead read = readsAtLeader.remove(readId); // leadership lost before the quorum confirmed it
            if (read != null && !read.future.isDone()) {
                unplacedReads.add(read);
            }
        }
        for (DroppedProposal dropped : ready.droppedProposals()) {
            PendingWrite write = proposed.remove(dropped.id());
            if (write != null && !write.future.isDone()) {
                unplacedWrites.add(write); // proposed again with the same id: applied at most once
            }
        }
        replica.advance(ready);
        if (!ready.committedEntries().isEmpty() || ready.snapshotToApply() != null) {
            wakeWaiters();
            maybeSnapshot();
        }
    }

    private void place(PendingWrite write) {
        if (write.future.isDone()) {
            return;
        }
        Outcome outcome = replica.propose(write.command);
        if (outcome.isAccepted()) {
            proposed.put(write.command.id(), write);
            metrics.proposed();
            return;
        }
        if (!write.mayForward) {
            write.future.completeExceptionally(new NotLeaderException(outcome.leaderHint()));
            return;
        }
        int leader = outcome.leaderHint();
        if (leader == 0 || leader == nodeId) {
            unplacedWrites.add(write);
            return;
        }
        leaderClient.propose(leader, write.command).whenComplete((result, error) -> {
            if (error == null) {
                write.future.complete(result);
            } else {
                // resent with the same command id: safe even if the leader did apply it
                inbox.add(() -> unplacedWrites.add(write));
            }
        });
    }

    private void place(PendingRead read) {
        if (read.future.isDone()) {
            return;
        }
        long readId = ++nextReadId;
        Outcome outcome = replica.read(readId);
        if (outcome.isAccepted()) {
            readsAtLeader.put(readId, read);
            return;
        }
        if (!read.mayForward) {
            read.future.completeExceptionally(new NotLeaderException(outcome.leaderHint()));
            return;
        }
        int leader = outcome.leaderHint();
        if (leader == 0 || leader == nodeId) {
            unplacedReads.add(read);
            return;
        }
        leaderClient.readIndex(leader).whenComplete((index, error) -> {
            if (error == null) {
                read.future.complete(index);
            } else {
                inbox.add(() -> unplacedReads.add(read));
            }
        });
    }

    private void retryUnplaced() {
        // forget requests that timed out meanwhile
        readsAtLeader.values().removeIf(read -> read.future.isDone());
        proposed.values().removeIf(write -> write.future.isDone());
        List<PendingWrite> writes = unplacedWrites;
        unplacedWrites = new ArrayList<>();
        writes.forEach(this::place);
        List<PendingRead> reads = unplacedReads;
        unplacedReads = new ArrayList<>();
        reads.forEach(this::place);
        appliedWaiters.removeIf(waiter -> waiter.future.isDone());
        revisionWaiters.removeIf(waiter -> waiter.future.isDone());
    }

    private void wakeWaiters() {
        long applied = kv.appliedIndex();
        long revision = kv.revision();
        appliedWaiters.removeIf(waiter -> {
            if (waiter.index <= applied) {
                waiter.future.complete(null);
                return true;
            }
            return waiter.future.isDone();
        });
        revisionWaiters.removeIf(waiter -> {
            if (revision > waiter.afterRevision) {
                waiter.future.complete(revision);
                return true;
            }
            return waiter.future.isDone();
        });
    }

    private void maybeSnapshot() {
        long applied = kv.appliedIndex();
        if (applied - lastSnapshotIndex < properties.getSnapshotEvery()) {
            return;
        }
        byte[] data = kv.snapshot(); // only this thread writes the state machine: no lock needed to read it
        replica.compact(applied, data);
        lastSnapshotIndex = applied;
        metrics.snapshotTaken();
        log.info("Took a snapshot at slot {} ({} KiB, revision {}); the log below it can be dropped", applied,
                data.length / 1024, kv.revision());
    }

    private void observeLeadership() {
        Role role = replica.role();
        int leader = role == Role.LEADER ? nodeId : replica.leaderId();
        if (role != lastRole || leader != lastLeader) {
            if (role == Role.LEADER) {
                log.info("This replica ({}) now leads the config store with ballot {}", nodeId, replica.promised());
                metrics.leaderChanged();
            } else if (leader != 0 && leader != lastLeader) {
                log.info("Replica {} leads the config store now (ballot {}); this replica follows", leader,
                        replica.promised());
                metrics.leaderChanged();
            } else if (role == Role.CANDIDATE && lastRole != Role.CANDIDATE) {
                log.info("No leader heard from recently: replica {} runs for leadership", nodeId);
            }
            lastRole = role;
            lastLeader = leader;
        }
        status = new ReplicaStatus(nodeId, role.name().toLowerCase(), leader,
                replica.promised().round() + "." + replica.promised().nodeId(), replica.commitIndex(),
                replica.appliedIndex(), replica.snapshotIndex(), replica.lastSlot(), kv.revision(),
                inWorkingMajority(role, leader));
    }

    /** A leader that heard from a majority recently, or a follower that heard from its leader recently. */
    private boolean inWorkingMajority(Role role, int leader) {
        long window = properties.getTick().toNanos() * config.electionTicks() * 2;
        long now = System.nanoTime();
        if (role == Role.LEADER) {
            int heard = 1;
            for (int member : config.members()) {
                if (member != nodeId && lastHeardNanos[member] != 0 && now - lastHeardNanos[member] < window) {
                    heard++;
                }
            }
            return heard >= config.majority();
        }
        return leader != 0 && lastHeardNanos[leader] != 0 && now - lastHeardNanos[leader] < window;
    }

    // ---------------------------------------------------------------- pending requests

    private static final class PendingWrite {
        final Command command;
        final boolean mayForward;
        final long deadline;
        final long startNanos;
        final CompletableFuture<KvResult> future = new CompletableFuture<>();

        PendingWrite(Command command, boolean mayForward, long deadline, long startNanos) {
            this.command = command;
            this.mayForward = mayForward;
            this.deadline = deadline;
            this.startNanos = startNanos;
        }
    }

    private static final class PendingRead {
        final boolean mayForward;
        final long deadline;
        final CompletableFuture<Long> future = new CompletableFuture<>();

        PendingRead(boolean mayForward, long deadline) {
            this.mayForward = mayForward;
            this.deadline = deadline;
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

    private record AppliedWaiter(long index, CompletableFuture<Void> future) {
    }

    private record RevisionWaiter(long afterRevision, CompletableFuture<Long> future) {
    }
}
