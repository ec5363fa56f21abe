package dev.distlab.coordinator.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.Peers;
import dev.distlab.coordinator.Self;
import dev.distlab.coordinator.TxResult;
import dev.distlab.coordinator.decision.DecisionLog.Decision;
import dev.distlab.coordinator.decision.DecisionUnknownException;
import dev.distlab.coordinator.decision.LocalDecisionLog;
import dev.distlab.coordinator.decision.Outcome;
import dev.distlab.coordinator.decision.PaxosDecisionLog;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import dev.distlab.coordinator.idempotency.IdempotencyRecords.Claim;
import dev.distlab.coordinator.idempotency.IdempotencyRecords.Stored;

/**
 * Idempotency-Key semantics (API.md, BANK.md): the first request with a key claims it with a create-only PENDING
 * record in the store and runs; a repeat with the same request gets the first one's final outcome and never runs
 * again, through any coordinator; with another request, 422. A PENDING record is resolved from the decision;
 * one older than twice the participants' in-doubt timeout with no decision gets a create-only ABORT. Decisions
 * read from a local-mode history are forced to disk first, so no client is told one that a crash takes back.
 */
@Service
public class IdempotencyService {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyService.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long an ABORT decision waits for the record to give its reason before TIMEOUT is assumed. */
    private static final Duration ABORT_REASON_WAIT = Duration.ofSeconds(1);

    /** Whether to run the request (the key was claimed for it) or to answer {@code answer}. */
    public record Start(boolean run, TxResult answer) {
    }

    private final IdempotencyRecords records;
    private final ConfigClient store;
    private final TransactionHistory history;
    private final PaxosDecisionLog paxos;
    private final LocalDecisionLog local;
    private final Peers peers;
    private final Self self;
    private final BankProperties properties;
    private final BankMetrics metrics;
    /** The platform's wall clock: record stamps and ages (a clock fault makes records look older or newer). */
    private final Clock clock;

    IdempotencyService(IdempotencyRecords records, ConfigClient store, TransactionHistory history,
            PaxosDecisionLog paxos, LocalDecisionLog local, Peers peers, Self self, BankProperties properties,
            BankMetrics metrics, Clock clock) {
        this.clock = clock;
        this.records = records;
        this.store = store;
        this.history = history;
        this.paxos = paxos;
        this.local = local;
        this.peers = peers;
        this.self = self;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** Claims the key for transaction {@code txId}, or answers from the transaction that claimed it first. */
    public Start start(String keyHash, String requestHash, String txId, Mode mode) {
        IdempotencyRecord pending = IdempotencyRecord.pending(txId, requestHash, self.id(), self.url(), mode.wire(),
                clock.instant());
        Claim claim;
        try {
            claim = records.claim(keyHash, pending);
        } catch (ConfigException e) {
            throw BankProblems.unavailable("The Idempotency-Key cannot be recorded now (config store: "
                    + e.getMessage() + "); nothing was done, repeat the request");
        }
        if (claim.claimed()) {
            metrics.idempotency("new");
            return new Start(true, null);
        }
        return new Start(false, await(keyHash, requestHash, claim.existing()));
    }

    /** Waits (bounded) for the outcome of the transaction a record names. */
    TxResult await(String keyHash, String requestHash, Stored first) {
        long deadline = System.nanoTime() + properties.idempotencyWait().toNanos();
        Long abortSeen = null;
        Stored current = first;
        while (true) {
            IdempotencyRecord r = current.record();
            if (!requestHash.equals(r.requestHash())) {
                metrics.idempotency("mismatch");
                throw mismatch(r.transactionId());
            }
            if (r.isFinal()) {
                metrics.idempotency("replayed");
                return fromRecord(r);
            }
            Optional<Decision> decided = decisionOf(r);
            long now = System.nanoTime();
            if (decided.isPresent()) {
                Decision d = decided.get();
                if (d.outcome() == Outcome.COMMIT || d.reason() != null) {
                    metrics.idempotency("resolved");
                    return d.outcome() == Outcome.COMMIT ? TxResult.committed(r.transactionId())
                            : TxResult.aborted(r.transactionId(), d.reason());
                }
                abortSeen = abortSeen == null ? now : abortSeen;
                if (now - abortSeen > ABORT_REASON_WAIT.toNanos() || now - deadline > 0) {
                    metrics.idempotency("resolved");
                    return TxResult.aborted(r.transactionId(), "TIMEOUT");
                }
            } else if (Mode.fromWire(r.mode()) != Mode.LOCAL
                    && r.age(clock).compareTo(properties.inDoubtTimeout().multipliedBy(2)) > 0) {
                Optional<TxResult> settled = abortStale(keyHash, r);
                if (settled.isPresent()) {
                    metrics.idempotency("resolved");
                    return settled.get();
                }
            }
            if (now - deadline > 0) {
                metrics.idempotency("unknown");
                return TxResult.unknown(r.transactionId());
            }
            sleep(POLL);
            current = reread(keyHash).orElse(current);
        }
    }

    /** The decision of the record's transaction, if it can be learned now. */
    private Optional<Decision> decisionOf(IdempotencyRecord r) {
        String txId = r.transactionId();
        Optional<TransactionRecord> own = history.findDurable(txId);
        if (own.isPresent() && own.get().getStatus().isDecided()) {
            return Optional.of(new Decision(Outcome.of(own.get().getStatus()), own.get().getReason()));
        }
        if (Mode.fromWire(r.mode()) != Mode.LOCAL) {
            try {
                return paxos.read(txId).map(o -> new Decision(o, null));
            } catch (DecisionUnknownException e) {
                return Optional.empty();
            }
        }
        // local mode: only its coordinator knows; it is asked once its request should have decided by itself (an
        // inquiry past the vote timeout decides ABORT, so a second more keeps it from racing a slow request)
        if (r.age(clock).compareTo(properties.voteTimeout().plusSeconds(1)) <= 0) {
            return Optional.empty();
        }
        if (self.id().equals(r.coordinator())) {
            return local.inquire(txId);
        }
        if (r.coordinatorUrl() == null) {
            return Optional.empty();
        }
        return peers.decision(r.coordinatorUrl(), txId).map(o -> new Decision(Outcome.parse(o), null));
    }

    /**
     * Makes a PENDING record older than the retention final, for the retention sweep: with its transaction's
     * decision, or with ABORT decided now (create-only) if it has none. False if the record is no longer PENDING
     * or the outcome cannot be learned now (local mode with its coordinator away, or the store unreachable).
     *
     * @throws ConfigException if the record cannot be updated
     */
    public boolean settleStale(String keyHash) {
        Optional<Stored> now = records.read(keyHash); // afresh: what was listed may have changed since
        if (now.isEmpty() || now.get().record().isFinal()) {
            return false;
        }
        IdempotencyRecord r = now.get().record();
        Optional<Decision> decided = decisionOf(r);
        if (decided.isPresent()) {
            Decision d = decided.get();
            String reason = d.outcome() == Outcome.ABORT && d.reason() == null ? "TIMEOUT" : d.reason();
            records.finish(keyHash, r.transactionId(), d.outcome().status().name(), reason);
            return true;
        }
        return Mode.fromWire(r.mode()) != Mode.LOCAL && abortStale(keyHash, r).isPresent();
    }

    /**
     * The first coordinator died before deciding: a create-only ABORT decides. Winning that write means no decision
     * was made: a decision stays in the store for decision-retention after its transaction completed, and this
     * record was PENDING, so its transaction had not completed. Empty if a decision was already there (the caller
     * reads it next) or the store cannot be reached.
     */
    private Optional<TxResult> abortStale(String keyHash, IdempotencyRecord r) {
        String txId = r.transactionId();
        try {
            store.putIfAbsent(PaxosDecisionLog.key(txId), Outcome.ABORT.name());
        } catch (PreconditionFailedException e) {
            return Optional.empty();
        } catch (ConfigException e) {
            log.debug("Writing ABORT for the stale transaction {} failed: {}", txId, e.getMessage());
            return Optional.empty();
        }
        metrics.recovery("idempotency-abort");
        log.info("Transaction {} of an idempotency key has been PENDING for {} s with no decision (its coordinator "
                + "{} stopped before deciding): wrote ABORT", txId, r.age(clock).toSeconds(), r.coordinator());
        keepForRetention(txId, r.coordinator());
        try {
            // final now, so later repeats are answered at once; the first coordinator, if it ever resumes the
            // transaction, finds the ABORT and leaves a final record alone
            records.finish(keyHash, txId, TxResult.ABORTED, "TIMEOUT");
        } catch (ConfigException e) {
            log.debug("The idempotency record of {} stays PENDING for now: {}", txId, e.getMessage());
        }
        return Optional.of(TxResult.aborted(txId, "TIMEOUT"));
    }

    /**
     * A decision this coordinator wrote for a transaction its history does not know (its coordinator died before
     * recording it) is recorded here as aborted and completed, so that this coordinator's retention sweep deletes
     * it from the store in time.
     */
    private void keepForRetention(String txId, String coordinator) {
        try {
            history.tombstone(txId, Mode.PAXOS.wire(), coordinator);
        } catch (RuntimeException e) {
            log.warn("The ABORT decision of {} could not be recorded here for its retention ({}); it stays in the "
                    + "store until an operator deletes it", txId, e.toString());
        }
    }

    private Optional<Stored> reread(String keyHash) {
        try {
            return records.read(keyHash);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static TxResult fromRecord(IdempotencyRecord r) {
        return TxResult.COMMITTED.equals(r.status()) ? TxResult.committed(r.transactionId())
                : TxResult.aborted(r.transactionId(), r.reason());
    }

    private static ProblemException mismatch(String txId) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
                "This Idempotency-Key was used for a different request (transaction " + txId + ")");
        problem.setProperty("transactionId", txId);
        return new ProblemException(problem);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a transaction's outcome", e);
        }
    }
}
