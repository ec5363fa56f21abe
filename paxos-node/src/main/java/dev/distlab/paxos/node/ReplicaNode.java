package dev.distlab.paxos.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/**
 * One config store replica as production runs it, without threads, sockets or a clock of its own: the
 * {@link PaxosReplica} core, its {@link DurableLog}, the {@link KvStateMachine} and the requests waiting on
 * them. Whoever drives it (the service's protocol thread, or the simulator) calls its inputs from one thread
 * and then {@link #process()}, which handles every {@link Ready} in the order that keeps the replica safe:
 * <b>persist and fsync, then send, then apply, then answer</b>.
 *
 * <p>Any failure while handling a Ready is thrown to the caller, never swallowed: the core has already moved
 * past that Ready (its records counted as durable, its slots as handed out), so a replica that went on would
 * acknowledge from memory what is not on disk, or skip slots its peers applied. The driver ends the process.
 *
 * <p>Only {@link #query} may be called from other threads: it reads the state machine under a lock that
 * applying takes for writing.
 */
public final class ReplicaNode {

    private static final Logger log = LoggerFactory.getLogger(ReplicaNode.class);

    private final int nodeId;
    private final PaxosConfig config;
    private final NodeSettings settings;
    private final DurableLog durable;
    private final NodeSnapshots snapshots;
    private final NodeEnvironment env;
    private final NodeMetrics metrics;
    private final KvStateMachine kv;
    private final ReentrantReadWriteLock kvLock = new ReentrantReadWriteLock();
    private final PaxosReplica replica;
    /** Null unless the planted bug platform.unsafe.accept-before-fsync is on. */
    private final DeferredWrites deferred;

    private final Map<CommandId, Pending.Write> proposed = new HashMap<>();
    private final Map<Long, Pending.Read> readsAtLeader = new HashMap<>();
    private List<Pending.Write> unplacedWrites = new ArrayList<>();
    private List<Pending.Read> unplacedReads = new ArrayList<>();
    private final List<Pending.AppliedWaiter> appliedWaiters = new ArrayList<>();
    private final List<Pending.RevisionWaiter> revisionWaiters = new ArrayList<>();
    private final long[] lastHeardNanos;
    private long nextReadId;
    private Role lastRole = Role.FOLLOWER;
    private int lastLeader;
    private boolean restored;
    private long lastInMajorityNanos;
    private ReplicaStatus status;

    public ReplicaNode(int nodeId, PaxosConfig config, NodeSettings settings, DurableLog durable,
            SnapshotStore snapshots, KvStateMachine kv, NodeEnvironment env, NodeMetrics metrics, Random random) {
        this(nodeId, config, settings, durable, snapshots, kv, env, metrics, random, false);
    }

    /**
     * @param rejoining this replica's data directory was lost and an operator re-added it: it learns but does
     *                  not vote until it has caught up (see the core's {@code Rejoin}); the caller must keep
     *                  passing true across restarts until {@link #rejoining()} has turned false once
     */
    public ReplicaNode(int nodeId, PaxosConfig config, NodeSettings settings, DurableLog durable,
            SnapshotStore snapshots, KvStateMachine kv, NodeEnvironment env, NodeMetrics metrics, Random random,
            boolean rejoining) {
        this.nodeId = nodeId;
        this.config = config;
        this.settings = settings;
        this.durable = durable;
        this.snapshots = new NodeSnapshots(snapshots, settings, env, metrics);
        this.kv = kv;
        this.env = env;
        this.metrics = metrics;
        this.replica = PaxosReplica.restore(nodeId, config, durable.state(), random, rejoining);
        this.deferred = settings.unsafeWriteDelay().isZero() ? null
                : new DeferredWrites(settings.unsafeWriteDelay().toNanos());
        this.lastHeardNanos = new long[config.members().size() + 1];
        this.lastInMajorityNanos = env.nanoTime(); // a starting replica gets one request timeout to join
        this.status = new ReplicaStatus(nodeId, "follower", 0, "0.0", 0, 0, 0, 0, 0, false);
    }

    public int nodeId() {
        return nodeId;
    }

    /** True while this re-added replica learns without voting. */
    public boolean rejoining() {
        return replica.rejoining();
    }

    /** The last status, as of the end of the last {@link #process()}. */
    public ReplicaStatus status() {
        return status;
    }

    /** Reads the state machine from any thread. */
    public <T> T query(Function<KvStateMachine, T> query) {
        kvLock.readLock().lock();
        try {
            return query.apply(kv);
        } finally {
            kvLock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- inputs (protocol thread only)

    public void deliver(List<Message> messages) {
        long now = env.nanoTime();
        for (Message message : messages) {
            if (message.from() > 0 && message.from() < lastHeardNanos.length) {
                lastHeardNanos[message.from()] = now;
            }
            if (!snapshots.heldForFetch(message, replica::step)) {
                replica.step(message);
            }
        }
    }

    /** One protocol tick: elections and heartbeats in the core, then time-outs and retries here. */
    public void tick() {
        replica.tick();
        expire(env.nanoTime());
        retryUnplaced();
    }

    /** Proposes {@code command} (here if leading, else at the leader when {@code mayForward}). */
    public CompletableFuture<KvResult> write(Command command, boolean mayForward) {
        long now = env.nanoTime();
        Pending.Write write = new Pending.Write(command, mayForward, now, now + settings.requestTimeout().toNanos());
        if (refuseCutOff(write.future)) {
            return write.future;
        }
        place(write);
        return write.future;
    }

    /** A confirmed read index: every write acknowledged before this call is at or below it. */
    public CompletableFuture<Long> readIndex(boolean mayForward) {
        Pending.Read read = new Pending.Read(mayForward, env.nanoTime() + settings.requestTimeout().toNanos());
        if (refuseCutOff(read.future)) {
            return read.future;
        }
        place(read);
        return read.future;
    }

    /** Completes once the state machine has applied {@code index}, or fails at the request timeout. */
    public CompletableFuture<Void> awaitApplied(long index) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (kv.appliedIndex() >= index) {
            future.complete(null);
        } else {
            appliedWaiters.add(new Pending.AppliedWaiter(index,
                    env.nanoTime() + settings.requestTimeout().toNanos(), future));
        }
        return future;
    }

    /** Completes with the revision once it is above {@code afterRevision}, or with the current one at the timeout. */
    public CompletableFuture<Long> awaitRevisionAfter(long afterRevision, long timeoutNanos) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (kv.revision() > afterRevision) {
            future.complete(kv.revision());
        } else {
            revisionWaiters.add(new Pending.RevisionWaiter(afterRevision, env.nanoTime() + timeoutNanos, future));
        }
        return future;
    }

    /**
     * Handles every pending Ready of the core, then refreshes the status. Any failure is thrown: the caller
     * must stop driving this node (see the class comment).
     */
    public void process() throws IOException {
        if (deferred != null && deferred.writeDue(durable, env.nanoTime())) {
            snapshots.pruneBelow(durable.state().snapshot().index());
        }
        while (replica.hasReady()) {
            handle(replica.ready());
        }
        observeLeadership();
    }

    // ---------------------------------------------------------------- the Ready, in order

    private void handle(Ready ready) throws IOException {
        // 1. persist, and fsync once for the whole batch, before any message that depends on it leaves
        if (deferred != null) {
            deferred.add(ready.records(), env.nanoTime()); // the planted bug: written later, sent now
        } else {
            durable.append(ready.records());
            durable.sync();
        }
        snapshots.pruneBelow(durable.state().snapshot().index());
        // 2. send
        env.send(ready.messages());
        // 3. apply
        List<Runnable> completions = new ArrayList<>();
        kvLock.writeLock().lock();
        try {
            if (ready.snapshotToApply() != null) {
                snapshots.restore(ready.snapshotToApply(), kv);
                if (restored) {
                    log.info("Caught up from the leader's snapshot at slot {} (revision {})",
                            ready.snapshotToApply().index(), kv.revision());
                    metrics.snapshotInstalled();
                }
            }
            for (CommittedEntry entry : ready.committedEntries()) {
                Map<CommandId, KvResult> results = kv.apply(entry.slot(), entry.value());
                metrics.applied(entry.value().commands().size());
                for (Command command : entry.value().commands()) {
                    snapshots.applied(command.payloadSize());
                }
                results.forEach((id, result) -> {
                    Pending.Write write = proposed.remove(id);
                    if (write != null) {
                        completions.add(() -> {
                            metrics.committed(env.nanoTime() - write.startNanos);
                            write.future.complete(result);
                        });
                    }
                });
            }
        } finally {
            kvLock.writeLock().unlock();
        }
        restored = true;
        // 4. answer
        completions.forEach(Runnable::run);
        for (ReadState confirmed : ready.readStates()) {
            Pending.Read read = readsAtLeader.remove(confirmed.readId());
            if (read != null) {
                read.future.complete(confirmed.index());
            }
        }
        for (long readId : ready.failedReads()) {
            Pending.Read read = readsAtLeader.remove(readId); // leadership lost before the quorum confirmed it
            if (read != null && !read.future.isDone()) {
                unplacedReads.add(read);
            }
        }
        for (DroppedProposal dropped : ready.droppedProposals()) {
            Pending.Write write = proposed.remove(dropped.id());
            if (write != null && !write.future.isDone()) {
                unplacedWrites.add(write); // proposed again with the same id: applied at most once
            }
        }
        replica.advance(ready);
        if (!ready.committedEntries().isEmpty() || ready.snapshotToApply() != null) {
            wakeWaiters();
            snapshots.maybeTake(kv, replica);
        }
    }

    // ---------------------------------------------------------------- requests

    /**
     * A replica that has been outside a working majority for a whole request timeout answers at once: a
     * request it took would only wait out its own timeout, and a client (or the gateway) is better off asking
     * another replica now.
     */
    private boolean refuseCutOff(CompletableFuture<?> future) {
        long cutOff = env.nanoTime() - lastInMajorityNanos;
        if (cutOff < settings.requestTimeout().toNanos()) {
            return false;
        }
        future.completeExceptionally(env.unavailable("this replica has not been part of a working majority for "
                + cutOff / 1_000_000 + " ms"));
        return true;
    }

    private void place(Pending.Write write) {
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
        env.forwardWrite(leader, write.command).whenComplete((result, error) -> {
            if (error == null) {
                write.future.complete(result);
            } else {
                // resent with the same command id: safe even if the leader did apply it
                env.onProtocolThread(() -> unplacedWrites.add(write));
            }
        });
    }

    private void place(Pending.Read read) {
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
        env.readIndexAt(leader).whenComplete((index, error) -> {
            if (error == null) {
                read.future.complete(index);
            } else {
                env.onProtocolThread(() -> unplacedReads.add(read));
            }
        });
    }

    private void expire(long now) {
        String timeout = settings.requestTimeout().toMillis() + " ms";
        for (Pending.Write write : proposed.values()) {
            failIfLate(write.future, write.deadline, now, "no majority committed the write within " + timeout
                    + "; it may or may not be applied later");
        }
        for (Pending.Write write : unplacedWrites) {
            failIfLate(write.future, write.deadline, now, "no leader took the write within " + timeout
                    + "; it may or may not be applied later");
        }
        for (Pending.Read read : readsAtLeader.values()) {
            failIfLate(read.future, read.deadline, now, "no majority confirmed the read within " + timeout);
        }
        for (Pending.Read read : unplacedReads) {
            failIfLate(read.future, read.deadline, now, "no leader confirmed the read within " + timeout);
        }
        for (Pending.AppliedWaiter waiter : appliedWaiters) {
            failIfLate(waiter.future(), waiter.deadline(), now,
                    "this replica did not catch up with the leader within " + timeout);
        }
        for (Pending.RevisionWaiter waiter : revisionWaiters) {
            if (now - waiter.deadline() >= 0) {
                waiter.future().complete(kv.revision()); // a long-poll that saw no change answers as it is
            }
        }
    }

    private void failIfLate(CompletableFuture<?> future, long deadline, long now, String why) {
        if (!future.isDone() && now - deadline >= 0) {
            future.completeExceptionally(env.unavailable(why));
        }
    }

    private void retryUnplaced() {
        // forget requests that are answered or timed out meanwhile
        readsAtLeader.values().removeIf(read -> read.future.isDone());
        proposed.values().removeIf(write -> write.future.isDone());
        List<Pending.Write> writes = unplacedWrites;
        unplacedWrites = new ArrayList<>();
        writes.forEach(this::place);
        List<Pending.Read> reads = unplacedReads;
        unplacedReads = new ArrayList<>();
        reads.forEach(this::place);
        appliedWaiters.removeIf(waiter -> waiter.future().isDone());
        revisionWaiters.removeIf(waiter -> waiter.future().isDone());
    }

    private void wakeWaiters() {
        long applied = kv.appliedIndex();
        long revision = kv.revision();
        appliedWaiters.removeIf(waiter -> {
            if (waiter.index() <= applied) {
                waiter.future().complete(null);
                return true;
            }
            return waiter.future().isDone();
        });
        revisionWaiters.removeIf(waiter -> {
            if (revision > waiter.afterRevision()) {
                waiter.future().complete(revision);
                return true;
            }
            return waiter.future().isDone();
        });
    }

    // ---------------------------------------------------------------- status

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
        boolean inMajority = inWorkingMajority(role, leader);
        if (inMajority) {
            lastInMajorityNanos = env.nanoTime();
        }
        status = new ReplicaStatus(nodeId, role.name().toLowerCase(), leader,
                replica.promised().round() + "." + replica.promised().nodeId(), replica.commitIndex(),
                replica.appliedIndex(), replica.snapshotIndex(), replica.lastSlot(), kv.revision(), inMajority);
    }

    /** A leader that heard from a majority recently, or a follower that heard from its leader recently. */
    private boolean inWorkingMajority(Role role, int leader) {
        long window = settings.tick().toNanos() * config.electionTicks() * 2;
        long now = env.nanoTime();
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
}
