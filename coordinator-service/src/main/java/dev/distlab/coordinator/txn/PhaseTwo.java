package dev.distlab.coordinator.txn;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.decision.Outcome;
import dev.distlab.coordinator.history.BranchRecord;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import dev.distlab.coordinator.idempotency.IdempotencyRecords;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import dev.distlab.coordinator.participant.Participants;
import dev.distlab.coordinator.participant.Participants.Participant;
import io.micrometer.core.instrument.Timer;

/**
 * Phase 2 in the background: the decision is sent to every branch not yet acknowledged, in parallel, each call
 * retried with a growing back-off until the participant acknowledges (branches that voted NO or never voted get
 * an abort). A branch that ended otherwise than the decision (409) or lost its prepared state (404 on commit)
 * makes the transaction HEURISTIC and is not retried. Then, in this order: the idempotency record becomes final
 * and the transaction is marked completed (forced). The caller hands over the transaction's {@link InFlight}
 * entry.
 */
@Component
class PhaseTwo implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PhaseTwo.class);
    /** A failing branch is reported on its first failure and then every this many attempts. */
    private static final int REPORT_EVERY = 20;

    private final TransactionHistory history;
    private final ParticipantClient client;
    private final Participants participants;
    private final IdempotencyRecords idempotency;
    private final BankMetrics metrics;
    private final InFlight inFlight;
    private final CrashPoints crashPoints;
    private final BankProperties properties;
    private final Timer commitTimer;
    private final ScheduledExecutorService timer;
    private volatile boolean running;

    PhaseTwo(TransactionHistory history, ParticipantClient client, Participants participants,
            IdempotencyRecords idempotency, InFlight inFlight, CrashPoints crashPoints,
            BankProperties properties, BankMetrics metrics) {
        this.history = history;
        this.client = client;
        this.participants = participants;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.crashPoints = crashPoints;
        this.properties = properties;
        this.commitTimer = metrics.phase("commit");
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "phase-two");
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = pool;
    }

    /** One transaction's phase 2 in progress. */
    private final class Run {
        final String txId;
        final Outcome outcome;
        final AtomicInteger waiting;
        final long started = System.nanoTime();

        Run(String txId, Outcome outcome, int branches) {
            this.txId = txId;
            this.outcome = outcome;
            this.waiting = new AtomicInteger(branches);
        }
    }

    /** Sends {@code outcome} to every branch of {@code txId} that has not acknowledged it, then finishes. */
    void start(String txId, Outcome outcome) {
        List<BranchRecord> open = history.branches(txId).stream().filter(b -> !b.isAcknowledged()).toList();
        Run run = new Run(txId, outcome, open.size());
        if (open.isEmpty()) {
            schedule(() -> finish(run, properties.retryInitialBackoff()), Duration.ZERO);
            return;
        }
        for (BranchRecord b : open) {
            Optional<Participant> p = participants.find(b.getParticipant());
            if (p.isEmpty()) {
                log.error("Transaction {}: its branch at {} cannot be finished, that participant is not in "
                        + "platform.bank.participants; recovery tries again", txId, b.getParticipant());
                inFlight.release(txId);
                return;
            }
        }
        for (BranchRecord b : open) {
            send(run, participants.find(b.getParticipant()).orElseThrow(), properties.retryInitialBackoff(), 1);
        }
    }

    private void send(Run run, Participant p, Duration backoff, int attempt) {
        if (!running) {
            return;
        }
        client.finish(p, run.txId, run.outcome.verb(), properties.participantTimeout())
                .thenAccept(reply -> answered(run, p, reply, backoff, attempt));
    }

    /**
     * One phase-2 answer. Never throws: whatever fails here (the database included) is retried, because a run
     * that died in a callback would leave its transaction taken from recovery for good.
     */
    private void answered(Run run, Participant p, Reply reply, Duration backoff, int attempt) {
        if (!running) {
            return;
        }
        try {
            String heuristic = heuristicState(run, reply);
            if (heuristic != null) {
                history.heuristic(run.txId, p.id(), heuristic);
                metrics.heuristic(heuristic);
                log.error("Transaction {} was decided {}, but its branch at {} is {} ({}): the outcomes cannot be "
                        + "reconciled automatically, so the transaction is marked HEURISTIC and that branch is no "
                        + "longer retried; an operator must reconcile its accounts", run.txId, run.outcome, p.id(),
                        heuristic, reply.describe());
            } else if (reply.is(200)) {
                history.acknowledge(run.txId, p.id(), run.outcome.status().name());
            } else {
                if (attempt == 1 || attempt % REPORT_EVERY == 0) {
                    log.warn("Transaction {}: {} at {} failed ({}, attempt {}); retrying every {} ms at most",
                            run.txId, run.outcome.verb(), p.id(), reply.describe(), attempt,
                            properties.retryMaxBackoff().toMillis());
                }
                schedule(() -> send(run, p, grown(backoff), attempt + 1), backoff);
                return;
            }
        } catch (RuntimeException e) {
            log.warn("Transaction {}: recording {}'s answer failed ({}); asking it again", run.txId, p.id(),
                    e.toString());
            schedule(() -> send(run, p, grown(backoff), attempt + 1), backoff);
            return;
        }
        crashPoints.reached("coordinator.after-commit-ack");
        // the transactions waiting for this branch's accounts need not wait for the other branches, nor the completion
        inFlight.accountsFree(run.txId, p.id());
        if (run.waiting.decrementAndGet() == 0) {
            finish(run, properties.retryInitialBackoff());
        }
    }

    /**
     * The state of a branch that ended otherwise than the decision (409: it is ABORTED, COMMITTED or HEURISTIC
     * there) or that lost its prepared state (404 on commit: MISSING); null for any other answer. Retrying
     * cannot mend either.
     */
    private static String heuristicState(Run run, Reply reply) {
        if (reply.is(409)) {
            String state = reply.text("state");
            return state != null ? state : run.outcome == Outcome.COMMIT ? "ABORTED" : "COMMITTED";
        }
        if (reply.is(404) && run.outcome == Outcome.COMMIT) {
            return "MISSING";
        }
        return null;
    }

    /**
     * Every branch answered: the idempotency record final, then the transaction completed (forced). The decision
     * entry stays in the store for {@code decision-retention} (see {@code DecisionRetention}), so a
     * late create-only ABORT can never win against it.
     */
    private void finish(Run run, Duration backoff) {
        if (!running) {
            return;
        }
        try {
            TransactionRecord tx = history.find(run.txId).orElseThrow();
            if (tx.getIdempotencyKeyHash() != null) {
                idempotency.finish(tx.getIdempotencyKeyHash(), run.txId, run.outcome.status().name(), tx.getReason());
            }
            history.complete(run.txId);
        } catch (RuntimeException e) {
            // the store or the database failed (ConfigException, DataAccessException, PersistenceException,
            // CannotCreateTransactionException, DiskForceException...): try again, this run still owns it
            log.warn("Transaction {}: every branch answered {}, but finishing failed ({}); retrying", run.txId,
                    run.outcome, e.toString());
            schedule(() -> finish(run, grown(backoff)), backoff);
            return;
        }
        commitTimer.record(System.nanoTime() - run.started, TimeUnit.NANOSECONDS);
        inFlight.release(run.txId);
        log.debug("Transaction {}: {} completed at every branch", run.txId, run.outcome);
    }

    /** The next back-off: twice this one, at most {@code retry-max-backoff}. */
    private Duration grown(Duration backoff) {
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(properties.retryMaxBackoff()) > 0 ? properties.retryMaxBackoff() : next;
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: recovery finishes it after the restart
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops retrying; unfinished transactions stay in the history for recovery after the restart. */
    @Override
    public void stop() {
        running = false;
        timer.shutdown(); // pending retries are dropped; a running step finishes (no interrupt in the middle of H2)
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before the web server and stops after its graceful shutdown, so every answered request gets its
     * phase 2.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
