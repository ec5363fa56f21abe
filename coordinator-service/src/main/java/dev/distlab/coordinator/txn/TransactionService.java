package dev.distlab.coordinator.txn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.Self;
import dev.distlab.coordinator.TxResult;
import dev.distlab.coordinator.decision.DecisionLog.Decision;
import dev.distlab.coordinator.decision.DecisionLogs;
import dev.distlab.coordinator.decision.DecisionUnknownException;
import dev.distlab.coordinator.decision.Outcome;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionHistory.NewBranch;
import dev.distlab.coordinator.history.TxStatus;
import dev.distlab.coordinator.idempotency.IdempotencyService;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.ParticipantClient.PrepareBody;
import dev.distlab.coordinator.participant.Participants.Participant;
import dev.distlab.coordinator.shard.ShardMap;
import io.micrometer.core.instrument.Timer;
import jakarta.persistence.PersistenceException;

/**
 * Runs one transaction by two-phase commit, in BANK.md's order: resolve the accounts' participants; claim the
 * Idempotency-Key; wait while another transaction of this coordinator has one of its accounts ({@link AccountTurns});
 * record the transaction (forced); prepare every branch in parallel, each bounded by the vote
 * timeout; decide through the {@link dev.distlab.coordinator.decision.DecisionLog} of the configured mode (the
 * commit point); answer as soon as the decision is durable, with phase 2 handed to {@link PhaseTwo}.
 */
@Service
class TransactionService {

    private static final Logger log = LoggerFactory.getLogger(TransactionService.class);

    private final ShardMap shards;
    private final IdempotencyService idempotency;
    private final TransactionHistory history;
    private final ParticipantClient participants;
    private final DecisionLogs decisions;
    private final PhaseTwo phaseTwo;
    private final InFlight inFlight;
    private final CrashPoints crashPoints;
    private final BankProperties properties;
    private final Self self;
    private final BankMetrics metrics;
    private final Timer prepareTimer;
    /** The platform's wall clock: creation stamps and the vote timeout's age. */
    private final Clock clock;
    private final Timer decideTimer;
    private final TxIds txIds;
    private final AccountTurns accountTurns;

    TransactionService(ShardMap shards, IdempotencyService idempotency, TransactionHistory history,
            ParticipantClient participants, DecisionLogs decisions, PhaseTwo phaseTwo, InFlight inFlight,
            CrashPoints crashPoints, BankProperties properties, Self self, BankMetrics metrics, Clock clock) {
        this.clock = clock;
        this.txIds = new TxIds(clock);
        this.shards = shards;
        this.idempotency = idempotency;
        this.history = history;
        this.participants = participants;
        this.decisions = decisions;
        this.phaseTwo = phaseTwo;
        this.inFlight = inFlight;
        this.crashPoints = crashPoints;
        this.properties = properties;
        this.self = self;
        this.metrics = metrics;
        this.prepareTimer = metrics.phase("prepare");
        this.decideTimer = metrics.phase("decide");
        this.accountTurns = new AccountTurns(properties.busyAccountWait(), metrics::busyAccountWait);
    }

    /** Runs a checked request (or answers it from the first run under the same Idempotency-Key). */
    TxResult submit(TxRequest request, String idempotencyKey) {
        Map<Participant, List<Operation>> branches = branchesOf(request.operations());
        String txId = txIds.next();
        Mode mode = properties.mode();
        String requestHash = request.hash();
        String keyHash = idempotencyKey == null ? null : Hashes.sha256Hex(idempotencyKey);
        if (keyHash != null) {
            IdempotencyService.Start start = idempotency.start(keyHash, requestHash, txId, mode);
            if (!start.run()) {
                return start.answer();
            }
        }
        return run(txId, mode, branches, keyHash, requestHash);
    }

    /** The operations grouped by the participant that owns each account; 404 for an account that does not exist. */
    private Map<Participant, List<Operation>> branchesOf(List<Operation> operations) {
        Map<Participant, List<Operation>> branches = new TreeMap<>(Comparator.comparing(Participant::id));
        for (Operation op : operations) {
            Participant owner = shards.owner(op.account()).orElseThrow(() -> BankProblems.notFound(
                    "Account '" + op.account() + "' does not exist", "account", op.account()));
            branches.computeIfAbsent(owner, p -> new ArrayList<>()).add(op);
        }
        return branches;
    }

    private TxResult run(String txId, Mode mode, Map<Participant, List<Operation>> branches, String keyHash,
            String requestHash) {
        // each participant's accounts are handed on once it has answered phase 2 and so let go of their locks
        Map<String, List<String>> accounts = new TreeMap<>();
        branches.forEach((p, ops) -> accounts.put(p.id(), ops.stream().map(Operation::account).toList()));
        inFlight.take(txId, accountTurns.take(accounts));
        boolean handedOver = false;
        try {
            Instant createdAt = clock.instant();
            if (!begin(txId, mode, branches, keyHash, requestHash, createdAt)) {
                return answered(TxResult.aborted(txId, "TIMEOUT"));
            }
            crashPoints.reached("coordinator.before-prepare");
            List<Vote> votes = prepareAll(txId, mode, branches, createdAt);
            crashPoints.reached("coordinator.after-votes");
            Outcome proposed = votes.stream().allMatch(Vote::isYes) && !tooOldToCommit(txId, createdAt)
                    ? Outcome.COMMIT : Outcome.ABORT;
            String reason = proposed == Outcome.COMMIT ? null : reasonOf(votes);
            Decision decision;
            long decideStart = System.nanoTime();
            try {
                decision = decisions.forRequest(mode).decide(txId, proposed, reason);
            } catch (DecisionUnknownException e) {
                log.warn("Transaction {}: its outcome is unknown ({}); recovery will finish it", txId, e.getMessage());
                return answered(TxResult.unknown(txId));
            } catch (DataAccessException | PersistenceException | TransactionException | DiskForceException e) {
                // the decision may or may not be durable (local mode forces it, and that failed): only recovery,
                // reading what is on disk after a restart, can tell
                log.error("Transaction {}: recording its decision failed ({}); its outcome is unknown, recovery "
                        + "will finish it", txId, e.toString());
                return answered(TxResult.unknown(txId));
            } finally {
                decideTimer.record(System.nanoTime() - decideStart, TimeUnit.NANOSECONDS);
            }
            if (decision.outcome() != proposed) {
                log.info("Transaction {}: {} was proposed, but {} had already been decided", txId, proposed,
                        decision.outcome());
            }
            crashPoints.reached("coordinator.after-decision");
            handedOver = startPhaseTwo(txId, decision.outcome());
            return answered(decision.outcome() == Outcome.COMMIT ? TxResult.committed(txId)
                    : TxResult.aborted(txId, decision.reason()));
        } finally {
            if (!handedOver) {
                inFlight.release(txId);
            }
        }
    }

    /**
     * Hands the decided transaction to phase 2; false if that failed (the database, or anything else), and then
     * recovery resumes it. Either way the client is answered with the decision: past the commit point the outcome
     * is settled.
     */
    private boolean startPhaseTwo(String txId, Outcome outcome) {
        try {
            phaseTwo.start(txId, outcome);
            return true;
        } catch (RuntimeException e) {
            log.warn("Transaction {} is decided {}, but starting phase 2 failed ({}); recovery will finish it", txId,
                    outcome, e.toString());
            return false;
        }
    }

    /**
     * Records the transaction PREPARING with its branches, forced to disk; false if its id was already taken by
     * a tombstone (someone asked about it first and was told ABORT).
     */
    private boolean begin(String txId, Mode mode, Map<Participant, List<Operation>> branches, String keyHash,
            String requestHash, Instant createdAt) {
        List<NewBranch> rows = branches.entrySet().stream()
                .map(e -> new NewBranch(e.getKey().id(), e.getValue())).toList();
        try {
            history.begin(txId, mode.wire(), self.id(), createdAt, keyHash, requestHash, rows);
            return true;
        } catch (DataAccessException | PersistenceException e) {
            if (history.find(txId).filter(t -> t.getStatus() == TxStatus.ABORTED).isPresent()) {
                log.info("Transaction {} was presumed aborted before it started; it does not run", txId);
                return false;
            }
            throw e;
        }
    }

    /** Phase 1: every prepare in parallel, each bounded by the vote timeout; the votes in branch order. */
    private List<Vote> prepareAll(String txId, Mode mode, Map<Participant, List<Operation>> branches,
            Instant createdAt) {
        long start = System.nanoTime();
        List<String> ids = branches.keySet().stream().map(Participant::id).toList();
        List<Participant> order = new ArrayList<>(branches.keySet());
        List<CompletableFuture<Vote>> calls = order.stream()
                .map(p -> participants.prepare(p, txId, new PrepareBody(self.id(), self.url(), mode.wire(), ids,
                        branches.get(p), createdAt.toString()), properties.voteTimeout())
                        .thenApply(reply -> Vote.of(p.id(), reply)))
                .toList();
        List<Vote> votes = calls.stream().map(CompletableFuture::join).toList();
        prepareTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        history.recordVotes(txId, votes.stream().map(v -> new TransactionHistory.BranchVote(v.participant(), v.vote(),
                v.reason(), v.state())).toList());
        for (Vote v : votes) {
            if (!v.isYes()) {
                log.info("Transaction {}: {} {}", txId, v.participant(),
                        v.isNo() ? "voted NO (" + v.reason() + ")" : "gave no vote: " + v.detail());
            }
        }
        return votes;
    }

    /**
     * A transaction older than half the decision retention is never decided COMMIT: a participant in doubt about it
     * that long no longer writes ABORT to the store itself, and an ABORT written for it may already be collected.
     * Only a coordinator paused for minutes between its votes and its decision gets here.
     */
    private boolean tooOldToCommit(String txId, Instant createdAt) {
        Duration age = Duration.between(createdAt, clock.instant());
        if (age.compareTo(properties.decisionRetention().dividedBy(2)) <= 0) {
            return false;
        }
        log.warn("Transaction {}: every vote is YES, but it is {} s old, past half the decision retention ({}); "
                + "it is aborted", txId, age.toSeconds(), properties.decisionRetention());
        return true;
    }

    /**
     * Why the transaction aborts: the first NO's reason, else the first missing vote's (TIMEOUT,
     * PARTICIPANT_UNAVAILABLE).
     */
    private static String reasonOf(List<Vote> votes) {
        return votes.stream().filter(Vote::isNo).map(Vote::reason).findFirst()
                .orElseGet(() -> votes.stream().filter(v -> !v.isYes()).map(Vote::reason).findFirst()
                        .orElse("TIMEOUT"));
    }

    private TxResult answered(TxResult result) {
        metrics.transaction(result.status(), result.reason());
        return result;
    }
}
