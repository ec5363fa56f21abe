package dev.distlab.paxos.core;

import dev.distlab.paxos.core.message.Accept;
import dev.distlab.paxos.core.message.Accepted;
import dev.distlab.paxos.core.message.Heartbeat;
import dev.distlab.paxos.core.message.HeartbeatAck;
import dev.distlab.paxos.core.message.InstallSnapshot;
import dev.distlab.paxos.core.message.Learn;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.PreVote;
import dev.distlab.paxos.core.message.PreVoteReply;
import dev.distlab.paxos.core.message.Prepare;
import dev.distlab.paxos.core.message.Promise;
import dev.distlab.paxos.core.message.Reject;
import dev.distlab.paxos.core.persist.CommitRecord;
import dev.distlab.paxos.core.persist.EntryRecord;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PersistedState;
import dev.distlab.paxos.core.persist.PromiseRecord;
import dev.distlab.paxos.core.persist.SnapshotRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One Multi-Paxos replica (proposer, acceptor and learner) as a deterministic state machine: inputs are
 * {@link #step}, {@link #tick}, {@link #propose}, {@link #read} and {@link #compact}; outputs are collected
 * in a {@link Ready}. Not thread-safe: the caller serialises all calls.
 */
public final class PaxosReplica {
    private final int id;
    private final PaxosConfig config;
    private final Random random;
    private final List<Integer> peers = new ArrayList<>();
    private final ReplicaLog log = new ReplicaLog();

    private Ballot promised = Ballot.ZERO;
    private long maxSeenRound;
    private Role role = Role.FOLLOWER;
    private int leaderHint;
    private Candidacy candidacy;
    private Leadership leadership;
    private PreVoting preVoting;           // a follower asking whether it may campaign
    private Rejoin rejoin;                 // non-null while learning after a wipe: no votes yet
    private long leaderContactAt = -1;     // tick of the last message admitted from a leader

    private long now;
    private int electionElapsed;
    private int electionTimeout;

    private long handedOut;      // last slot given to the service in a Ready
    private long appliedIndex;   // last slot the service confirmed applied via advance()
    private long recordedCommit; // last commit index put in a CommitRecord

    private final List<PersistRecord> records = new ArrayList<>();
    private final List<Message> outbox = new ArrayList<>();
    private Snapshot snapshotToApply;
    private final List<Long> failedReads = new ArrayList<>();
    private final List<DroppedProposal> dropped = new ArrayList<>();

    private PaxosReplica(int id, PaxosConfig config, Random random) {
        if (!config.members().contains(id)) {
            throw new IllegalArgumentException("node " + id + " is not a member");
        }
        this.id = id;
        this.config = config;
        this.random = random;
        for (int m : config.members()) {
            if (m != id) {
                peers.add(m);
            }
        }
        resetElectionTimer();
    }

    /** A replica with empty storage. */
    public static PaxosReplica create(int id, PaxosConfig config, Random random) {
        return new PaxosReplica(id, config, random);
    }

    /**
     * A replica rebuilt from its durable records after a restart. The first Ready carries the persisted
     * snapshot (as {@code snapshotToApply}) and the committed entries after it, so the service rebuilds its
     * state machine the same way it follows the log.
     */
    public static PaxosReplica restore(int id, PaxosConfig config, PersistedState state, Random random) {
        return restore(id, config, state, random, false);
    }

    /**
     * Like {@link #restore(int, PaxosConfig, PersistedState, Random)}; {@code rejoining} starts the replica in
     * learner mode (see {@link Rejoin}): for a replica whose durable state was lost, restarted into a formed
     * cluster. It votes only once {@link #rejoining()} turned false.
     */
    public static PaxosReplica restore(int id, PaxosConfig config, PersistedState state, Random random,
                                       boolean rejoining) {
        PaxosReplica r = new PaxosReplica(id, config, random);
        r.rejoin = rejoining ? new Rejoin(config) : null;
        r.promised = state.promised();
        r.maxSeenRound = state.promised().round();
        if (state.snapshot().index() > 0) {
            r.log.installSnapshot(state.snapshot());
            r.snapshotToApply = state.snapshot();
        }
        state.entries().forEach(r.log::put);
        r.log.setCommitIndex(Math.max(r.log.commitIndex(), state.commitIndex()));
        r.advanceCommit(null, Long.MAX_VALUE);
        r.handedOut = state.snapshot().index();
        r.appliedIndex = state.snapshot().index();
        r.recordedCommit = r.log.commitIndex();
        return r;
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick: heartbeats at a leader, election timeouts elsewhere. */
    public void tick() {
        now++;
        if (rejoin != null) {
            rejoin.tick();
        }
        if (role == Role.LEADER) {
            tickLeader();
        } else if (++electionElapsed >= electionTimeout && rejoin == null) {
            startPreVote();
        }
    }

    /**
     * Starts phase 1 now, skipping pre-vote (tests, an operator's transfer). Followers that heard from a live
     * leader within an election timeout still ignore it; a rejoining replica never campaigns.
     */
    public void campaign() {
        if (role != Role.LEADER && rejoin == null) {
            startElection();
        }
    }

    /** Queues a command if this replica leads; otherwise says who might. */
    public Outcome propose(Command command) {
        if (role != Role.LEADER) {
            return Outcome.notLeader(role == Role.CANDIDATE ? 0 : leaderHint);
        }
        leadership.queue(command);
        return Outcome.accepted();
    }

    /**
     * Starts a linearizable read: once a quorum confirmed this leadership after the call and the state
     * machine applied every slot committed before it, a {@link ReadState} with this id appears in a Ready.
     */
    public Outcome read(long readId) {
        if (role != Role.LEADER) {
            return Outcome.notLeader(role == Role.CANDIDATE ? 0 : leaderHint);
        }
        leadership.addRead(readId, Math.max(log.commitIndex(), leadership.recoveryEnd()));
        leadership.confirmReads(config.majority()); // a majority of one is the leader itself
        return Outcome.accepted();
    }

    /** The service took a snapshot of the state machine at {@code index} (<= applied); drops the log below. */
    public void compact(long index, byte[] data) {
        if (index > appliedIndex) {
            throw new IllegalArgumentException("snapshot " + index + " beyond applied " + appliedIndex);
        }
        if (index <= log.snapshot().index()) {
            return;
        }
        Snapshot s = new Snapshot(index, data);
        log.compact(s);
        records.add(new SnapshotRecord(s));
    }

    public void step(Message m) {
        if (m.to() != id || m.from() == id) {
            return;
        }
        if (m instanceof PreVote) {
            onPreVote((PreVote) m); // a hypothetical ballot: it raises no round here
            return;
        }
        maxSeenRound = Math.max(maxSeenRound, m.ballot().round());
        if (m instanceof PreVoteReply) {
            onPreVoteReply((PreVoteReply) m);
        } else if (m instanceof Prepare) {
            onPrepare((Prepare) m);
        } else if (m instanceof Promise) {
            onPromise((Promise) m);
        } else if (m instanceof Accept) {
            onAccept((Accept) m);
        } else if (m instanceof Accepted) {
            onAccepted((Accepted) m);
        } else if (m instanceof Heartbeat) {
            onHeartbeat((Heartbeat) m);
        } else if (m instanceof HeartbeatAck) {
            onHeartbeatAck((HeartbeatAck) m);
        } else if (m instanceof Learn) {
            onLearn((Learn) m);
        } else if (m instanceof InstallSnapshot) {
            onInstallSnapshot((InstallSnapshot) m);
        } else if (m instanceof Reject) {
            onReject((Reject) m);
        }
        if (rejoin != null && rejoin.caughtUp(log.commitIndex())) {
            rejoin = null;
        }
    }

    // ---------------------------------------------------------------- outputs

    public boolean hasReady() {
        return !records.isEmpty() || !outbox.isEmpty() || snapshotToApply != null || log.commitIndex() > handedOut
                || !failedReads.isEmpty() || !dropped.isEmpty()
                || (role == Role.LEADER && (leadership.roundRequested() || canFlush()
                        || leadership.hasServableReads(handedOut)));
    }

    /**
     * Collects the pending outputs. The caller must handle the Ready in field order and then call
     * {@link #advance}; the replica assumes the records will be persisted and the entries applied.
     */
    public Ready ready() {
        if (role == Role.LEADER) {
            flushQueued();
            if (leadership.roundRequested()) {
                broadcastHeartbeat();
            }
        }
        if (log.commitIndex() > recordedCommit) {
            recordedCommit = log.commitIndex();
            records.add(new CommitRecord(recordedCommit));
        }
        List<CommittedEntry> committed = new ArrayList<>();
        for (long s = handedOut + 1; s <= log.commitIndex(); s++) {
            committed.add(new CommittedEntry(s, log.get(s).value()));
        }
        handedOut = Math.max(handedOut, log.commitIndex());
        List<ReadState> reads = role == Role.LEADER ? leadership.takeServableReads(handedOut) : List.of();
        Ready r = new Ready(records, outbox, snapshotToApply, committed, reads, failedReads, dropped);
        records.clear();
        outbox.clear();
        snapshotToApply = null;
        failedReads.clear();
        dropped.clear();
        return r;
    }

    /** The service persisted, sent and applied {@code ready}. */
    public void advance(Ready ready) {
        appliedIndex = Math.max(appliedIndex, ready.appliedThrough());
    }

    // ---------------------------------------------------------------- status

    public int id() {
        return id;
    }

    public Role role() {
        return role;
    }

    /** The leader this replica knows of (itself when leading), 0 if none. */
    public int leaderId() {
        return role == Role.LEADER ? id : role == Role.CANDIDATE ? 0 : leaderHint;
    }

    public Ballot promised() {
        return promised;
    }

    public long commitIndex() {
        return log.commitIndex();
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public long snapshotIndex() {
        return log.snapshot().index();
    }

    public long lastSlot() {
        return log.lastSlot();
    }

    /** True while in learner mode after a restart with lost state (see {@link Rejoin}): no votes. */
    public boolean rejoining() {
        return rejoin != null;
    }

    // ---------------------------------------------------------------- acceptor side

    private void onPrepare(Prepare m) {
        if (rejoin != null) {
            return; // it may have forgotten accepts and promises: its promise could hide a chosen value
        }
        if (m.ballot().isBelow(promised)) {
            send(new Reject(id, m.from(), m.ballot(), promised));
            return;
        }
        // CheckQuorum lease (etcd): a follower that heard from a live leader within an election timeout does
        // not help depose it. Safe because an acceptor may always decline to promise: Paxos' safety rests on
        // what acceptors do when they answer, never on their answering; only the candidate's liveness suffers,
        // and a leader that lost its majority steps down within the same timeout (check-quorum) and stops
        // renewing the lease. It keeps a replica that cannot hear the leader from deposing it.
        if (heardFromLeaderRecently()) {
            return;
        }
        promise(m.ballot());
        electionElapsed = 0;
        Snapshot s = log.snapshot().index() >= m.fromSlot() ? log.snapshot() : null;
        send(new Promise(id, m.from(), m.ballot(), m.fromSlot(), log.entriesFrom(m.fromSlot()), log.commitIndex(), s));
    }

    private void onAccept(Accept m) {
        if (!admitLeader(m)) {
            return;
        }
        List<Long> acked = new ArrayList<>();
        for (LogEntry e : m.entries()) {
            acked.add(e.slot());
            if (e.slot() <= log.commitIndex()) {
                continue;
            }
            LogEntry cur = log.get(e.slot());
            if (cur != null && (cur.chosen() || cur.ballot().equals(m.ballot()))) {
                continue;
            }
            LogEntry accepted = new LogEntry(e.slot(), m.ballot(), e.value(), false);
            log.put(accepted);
            records.add(new EntryRecord(accepted));
        }
        advanceCommit(m.ballot(), m.commitIndex());
        if (rejoin != null) {
            // no Accepted: it must not count toward a majority; the catch-up ack gets it the chosen values
            send(new HeartbeatAck(id, m.from(), m.ballot(), 0, log.commitIndex()));
            return;
        }
        send(new Accepted(id, m.from(), m.ballot(), acked, log.commitIndex()));
    }

    private void onHeartbeat(Heartbeat m) {
        if (!admitLeader(m)) {
            return;
        }
        advanceCommit(m.ballot(), m.commitIndex());
        if (rejoin != null) {
            rejoin.heartbeat(m.ballot(), m.proposalBound(), m.commitIndex());
            // seq 0: catch-up only, it must not confirm a read-index round
            send(new HeartbeatAck(id, m.from(), m.ballot(), 0, log.commitIndex()));
            return;
        }
        send(new HeartbeatAck(id, m.from(), m.ballot(), m.seq(), log.commitIndex()));
    }

    private void onLearn(Learn m) {
        if (!admitCatchUp(m)) {
            return;
        }
        for (LogEntry e : m.entries()) {
            if (e.slot() <= log.commitIndex()) {
                continue;
            }
            LogEntry cur = log.get(e.slot());
            if (cur == null || !cur.chosen()) {
                LogEntry chosen = e.asChosen();
                log.put(chosen);
                records.add(new EntryRecord(chosen));
            }
        }
        advanceCommit(null, Long.MAX_VALUE);
        send(new HeartbeatAck(id, m.from(), m.ballot(), 0, log.commitIndex()));
    }

    private void onInstallSnapshot(InstallSnapshot m) {
        if (!admitCatchUp(m)) {
            return;
        }
        if (m.snapshot().index() > log.commitIndex()) {
            installSnapshot(m.snapshot());
            advanceCommit(null, Long.MAX_VALUE);
        }
        send(new HeartbeatAck(id, m.from(), m.ballot(), 0, log.commitIndex()));
    }

    /** Accept or heartbeat: only from a ballot at least as high as our promise; it names the leader. */
    private boolean admitLeader(Message m) {
        if (m.ballot().isBelow(promised)) {
            send(new Reject(id, m.from(), m.ballot(), promised));
            return false;
        }
        promise(m.ballot());
        followLeader(m.ballot());
        return true;
    }

    /**
     * Chosen values are facts whatever ballot carries them, but a leader learns only through its own
     * majorities: otherwise its commit index could cover a slot where followers hold its own unchosen value.
     */
    private boolean admitCatchUp(Message m) {
        if (role != Role.FOLLOWER && currentBallot().isBelow(m.ballot())) {
            stepDown();
        }
        if (role == Role.LEADER) {
            return false;
        }
        if (!m.ballot().isBelow(promised)) {
            followLeader(m.ballot());
        }
        return true;
    }

    /** A message of a live leader: it renews the lease, resets the election timer, ends any pre-vote. */
    private void followLeader(Ballot b) {
        leaderHint = b.nodeId();
        leaderContactAt = now;
        electionElapsed = 0;
        preVoting = null;
    }

    private boolean heardFromLeaderRecently() {
        return role == Role.FOLLOWER && leaderHint != 0 && now - leaderContactAt < config.electionTicks();
    }

    private void promise(Ballot b) {
        if (b.isAbove(promised)) {
            promised = b;
            records.add(new PromiseRecord(b));
            if (role != Role.FOLLOWER && currentBallot().isBelow(b)) {
                stepDown();
            }
        }
    }

    /**
     * Moves the commit index over slots known chosen: flagged chosen, or accepted in the ballot of the
     * leader that says they are committed (a leader proposes one value per slot per ballot).
     */
    private void advanceCommit(Ballot leaderBallot, long upTo) {
        long c = log.commitIndex();
        while (c < upTo) {
            LogEntry e = log.get(c + 1);
            if (e == null || !(e.chosen() || e.ballot().equals(leaderBallot))) {
                break;
            }
            c++;
        }
        log.setCommitIndex(c);
    }

    private void installSnapshot(Snapshot s) {
        log.installSnapshot(s);
        records.add(new SnapshotRecord(s));
        snapshotToApply = s;
        handedOut = Math.max(handedOut, s.index());
    }

    // ---------------------------------------------------------------- candidate side

    /**
     * Election timeout: ask peers whether they would promise before raising any ballot (Raft §9.6). A
     * replica that cannot hear answers never gets a majority, so it never deposes a leader the others hear.
     */
    private void startPreVote() {
        if (role == Role.CANDIDATE) {
            stepDown(); // its ballot found no majority in time; it asks again like any follower
        }
        resetElectionTimer();
        preVoting = new PreVoting(nextBallot(), id);
        for (int p : peers) {
            send(new PreVote(id, p, preVoting.ballot(), log.commitIndex()));
        }
        if (preVoting.grants() >= config.majority()) {
            startElection();
        }
    }

    /**
     * Grants only if no live leader was heard within an election timeout (stickiness), the candidate knows
     * at least as many chosen slots, and this replica may vote at all.
     */
    private void onPreVote(PreVote m) {
        boolean grant = rejoin == null && role != Role.LEADER && !heardFromLeaderRecently()
                && m.commitIndex() >= log.commitIndex();
        send(new PreVoteReply(id, m.from(), m.ballot(), grant));
    }

    private void onPreVoteReply(PreVoteReply m) {
        if (preVoting == null || role != Role.FOLLOWER || !m.granted() || !m.ballot().equals(preVoting.ballot())) {
            return;
        }
        preVoting.grant(m.from());
        if (preVoting.grants() >= config.majority()) {
            startElection();
        }
    }

    private Ballot nextBallot() {
        return new Ballot(Math.max(promised.round(), maxSeenRound) + 1, id);
    }

    private void startElection() {
        preVoting = null;
        Ballot b = nextBallot();
        maxSeenRound = b.round();
        if (role == Role.LEADER) {
            stepDown();
        }
        promise(b);
        role = Role.CANDIDATE;
        leaderHint = 0;
        candidacy = new Candidacy(b, log.commitIndex() + 1);
        candidacy.addPromise(id, log.entriesFrom(candidacy.fromSlot()), null);
        resetElectionTimer();
        for (int p : peers) {
            send(new Prepare(id, p, b, candidacy.fromSlot()));
        }
        if (candidacy.promiseCount() >= config.majority()) {
            becomeLeader();
        }
    }

    private void onPromise(Promise m) {
        if (role != Role.CANDIDATE || !m.ballot().equals(candidacy.ballot())) {
            return;
        }
        candidacy.addPromise(m.from(), m.entries(), m.snapshot());
        if (candidacy.promiseCount() >= config.majority()) {
            becomeLeader();
        }
    }

    /**
     * Phase 1 done: adopt the newest snapshot a promiser had (those slots are chosen and may be truncated
     * everywhere), then re-propose in this ballot the best value of every open slot, no-ops for gaps.
     */
    private void becomeLeader() {
        Candidacy c = candidacy;
        if (c.bestSnapshot().index() > log.commitIndex()) {
            installSnapshot(c.bestSnapshot());
            advanceCommit(null, Long.MAX_VALUE);
        }
        long end = Math.max(log.commitIndex(), c.highestSlot());
        role = Role.LEADER;
        candidacy = null;
        leaderHint = id;
        leadership = new Leadership(c.ballot(), end, peers, now);
        for (long s = log.commitIndex() + 1; s <= end; s++) {
            leadership.recovered(s, c.valueFor(s));
        }
        flushQueued(); // recovered slots go out through the in-flight window, before any new command
        broadcastHeartbeat();
    }

    // ---------------------------------------------------------------- leader side

    private void tickLeader() {
        if (++leadership.heartbeatElapsed >= config.heartbeatTicks()) {
            broadcastHeartbeat();
            for (int p : peers) {
                resendUnacked(p);
            }
        }
        // Check-quorum over a sliding window, every tick: without a majority heard within an election timeout,
        // pending proposals and reads could wait forever, and followers' leases have run out: give up.
        if (leadership.activePeers(now - config.electionTicks()) + 1 < config.majority()) {
            stepDown();
        }
    }

    private boolean canFlush() {
        return leadership.hasWork() && leadership.inflight() < config.maxInflightSlots();
    }

    /** Proposes recovered slots first, then queued commands, while fewer than the window are in flight. */
    private void flushQueued() {
        List<LogEntry> fresh = new ArrayList<>();
        while (canFlush()) {
            LogEntry e = leadership.nextProposal(config.maxBatchCommands());
            log.put(e);
            records.add(new EntryRecord(e));
            leadership.track(e.slot(), id);
            fresh.add(e);
        }
        broadcastAccepts(fresh);
        commitChosen();
    }

    private void broadcastAccepts(List<LogEntry> entries) {
        int chunk = config.maxEntriesPerMessage();
        for (int from = 0; from < entries.size(); from += chunk) {
            List<LogEntry> part = entries.subList(from, Math.min(entries.size(), from + chunk));
            for (int p : peers) {
                send(new Accept(id, p, leadership.ballot(), part, log.commitIndex()));
            }
        }
    }

    private void resendUnacked(int peer) {
        List<LogEntry> entries = new ArrayList<>();
        for (long s : leadership.unackedBy(peer, config.maxEntriesPerMessage())) {
            entries.add(log.get(s));
        }
        if (!entries.isEmpty()) {
            send(new Accept(id, peer, leadership.ballot(), entries, log.commitIndex()));
        }
    }

    private void broadcastHeartbeat() {
        leadership.heartbeatElapsed = 0;
        long seq = leadership.nextHeartbeatSeq();
        // every slot this leader has proposed so far (recovered ones count before they go out)
        long proposalBound = Math.max(log.lastSlot(), leadership.recoveryEnd());
        for (int p : peers) {
            send(new Heartbeat(id, p, leadership.ballot(), log.commitIndex(), seq, proposalBound));
        }
    }

    private void onAccepted(Accepted m) {
        if (role != Role.LEADER || !m.ballot().equals(leadership.ballot())) {
            return;
        }
        leadership.heardFrom(m.from(), now, m.commitIndex());
        for (long s : m.slots()) {
            leadership.ack(s, m.from());
        }
        commitChosen();
    }

    private void commitChosen() {
        while (leadership.commitIfChosen(log.commitIndex() + 1, config.majority())) {
            log.setCommitIndex(log.commitIndex() + 1);
        }
    }

    private void onHeartbeatAck(HeartbeatAck m) {
        if (role != Role.LEADER || !m.ballot().equals(leadership.ballot())) {
            return;
        }
        leadership.heardFrom(m.from(), now, m.commitIndex());
        if (m.seq() > 0) {
            leadership.ackSeq(m.from(), m.seq());
            leadership.confirmReads(config.majority());
        }
        catchUp(m.from());
    }

    /** Sends a lagging follower the next chosen values it lacks, or the snapshot if they were truncated. */
    private void catchUp(int peer) {
        long have = leadership.followerCommit(peer);
        if (have >= log.commitIndex()) {
            return;
        }
        if (have < log.snapshot().index()) {
            if (leadership.maySendSnapshot(peer, now, config.electionTicks())) {
                send(new InstallSnapshot(id, peer, leadership.ballot(), log.snapshot()));
            }
            return;
        }
        if (!leadership.mayLearn(peer, have, now, config.heartbeatTicks())) {
            return;
        }
        long to = Math.min(log.commitIndex(), have + config.maxEntriesPerMessage());
        leadership.learnSent(peer, to, now);
        send(new Learn(id, peer, leadership.ballot(), log.chosenRange(have + 1, to), log.commitIndex()));
    }

    private void onReject(Reject m) {
        maxSeenRound = Math.max(maxSeenRound, m.promised().round());
        if (role != Role.FOLLOWER && currentBallot().isBelow(m.promised())) {
            stepDown();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Ballot currentBallot() {
        return role == Role.LEADER ? leadership.ballot() : role == Role.CANDIDATE ? candidacy.ballot() : promised;
    }

    /** Leaves leader or candidate role, failing what can no longer complete here so no client hangs. */
    private void stepDown() {
        if (role == Role.LEADER) {
            failedReads.addAll(leadership.drainReadIds());
            for (Command c : leadership.drainQueued()) {
                dropped.add(new DroppedProposal(c.id(), false));
            }
            for (long s : leadership.inflightSlots()) {
                for (Command c : log.get(s).value().commands()) {
                    dropped.add(new DroppedProposal(c.id(), true));
                }
            }
        }
        role = Role.FOLLOWER;
        leadership = null;
        candidacy = null;
        preVoting = null;
        leaderHint = 0;
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        electionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    private void send(Message m) {
        outbox.add(m);
    }

    @Override
    public String toString() {
        return "Replica" + id + "{" + role + " promised=" + promised + " commit=" + log.commitIndex()
                + " applied=" + appliedIndex + " snap=" + log.snapshot().index() + " last=" + log.lastSlot()
                + (rejoin != null ? " " + rejoin : "") + "}";
    }
}
