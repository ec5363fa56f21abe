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
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.configclient.ConfigException;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.decision.DecisionLogs;
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
 * an abort). Then, in this order: the idempotency record becomes final, the transaction is marked completed
 * (forced), and the decision is forgotten. The caller hands over the transaction's {@link InFlight} entry.
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
    private final DecisionLogs decisions;
    private final InFlight inFlight;
    private final CrashPoints crashPoints;
    private final BankProperties properties;
    private final Timer commitTimer;
    private final ScheduledExecutorService timer;
    private volatile boolean running;

    PhaseTwo(TransactionHistory history, ParticipantClient client, Participants participants,
            IdempotencyRecords idempotency, DecisionLogs decisions, InFlight inFlight, CrashPoints crashPoints,
            BankProperties properties, BankMetrics metrics) {
        this.history = history;
        this.client = client;
        this.participants = participants;
        this.idempotency = idempotency;
        this.decisions = decisions;
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

    private void answered(Run run, Participant p, Reply reply, Duration backoff, int attempt) {
        if (!running) {
            return;
        }
        String state;
        if (reply.is(200)) {
            state = run.outcome.status().name();
        } else if (reply.is(409)) {
            // the branch ended the other way: atomicity is broken, and retrying cannot mend it
            state = run.outcome == Outcome.COMMIT ? "ABORTED" : "COMMITTED";
            log.error("Transaction {} was decided {}, but {} answers that its branch is {}: {}", run.txId,
                    run.outcome, p.id(), state, reply.describe());
        } else {
            if (attempt == 1 || attempt % REPORT_EVERY == 0) {
                log.warn("Transaction {}: {} at {} failed ({}, attempt {}); retrying every {} ms at most", run.txId,
                        run.outcome.verb(), p.id(), reply.describe(), attempt, properties.retryMaxBackoff().toMillis());
            }
            schedule(() -> send(run, p, grown(backoff), attempt + 1), backoff);
            return;
        }
        try {
            history.acknowledge(run.txId, p.id(), state);
        } catch (RuntimeException e) {
            log.warn("Transaction {}: recording {}'s acknowledgement failed ({}); asking it again", run.txId, p.id(),
                    e.toString());
            schedule(() -> send(run, p, backoff, attempt + 1), backoff);
            return;
        }
        crashPoints.reached("coordinator.after-commit-ack");
        if (run.waiting.decrementAndGet() == 0) {
            finish(run, properties.retryInitialBackoff());
        }
    }

    /** Every branch acknowledged: the idempotency record final, completed (forced), the decision forgotten. */
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
            decisions.of(tx.getMode()).forget(run.txId);
        } catch (ConfigException | DataAccessException | DiskForceException e) {
            log.warn("Transaction {}: every branch acknowledged {}, but finishing failed ({}); retrying", run.txId,
                    run.outcome, e.getMessage());
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
