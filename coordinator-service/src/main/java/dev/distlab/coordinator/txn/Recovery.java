package dev.distlab.coordinator.txn;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.decision.DecisionLog;
import dev.distlab.coordinator.decision.DecisionLog.Decision;
import dev.distlab.coordinator.decision.DecisionLogs;
import dev.distlab.coordinator.decision.DecisionUnknownException;
import dev.distlab.coordinator.decision.Outcome;
import dev.distlab.coordinator.history.BranchRecord;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/**
 * Finishes what this coordinator left unfinished: at start and every {@code recovery-interval}, every transaction
 * of its history that is not completed and not being worked on. With a decision (in its history, or in the
 * store) phase 2 resumes; without one, ABORT is decided (create-only in the store, or locally) — a transaction
 * interrupted before its decision never commits — and every branch is aborted.
 */
@Component
class Recovery extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final TransactionHistory history;
    private final DecisionLogs decisions;
    private final PhaseTwo phaseTwo;
    private final InFlight inFlight;
    private final BankProperties properties;
    private final BankMetrics metrics;
    private final AtomicLong unfinished = new AtomicLong();

    Recovery(TransactionHistory history, DecisionLogs decisions, PhaseTwo phaseTwo, InFlight inFlight,
            BankProperties properties, BankMetrics metrics) {
        super("coordinator-recovery", Duration.ZERO, properties.recoveryInterval(),
                properties.storeTimeout().plusSeconds(1));
        this.history = history;
        this.decisions = decisions;
        this.phaseTwo = phaseTwo;
        this.inFlight = inFlight;
        this.properties = properties;
        this.metrics = metrics;
        metrics.gauge("bank.transactions.unfinished", "Transactions of this coordinator not completed at the last "
                + "recovery round (in doubt, or in phase 2)", unfinished::get);
    }

    /** One round over the unfinished transactions. */
    void round() {
        List<TransactionRecord> open = history.unfinished();
        unfinished.set(open.size());
        for (TransactionRecord tx : open) {
            if (!inFlight.take(tx.getId())) {
                continue;
            }
            try {
                if (!recover(tx)) {
                    inFlight.release(tx.getId());
                }
            } catch (RuntimeException e) {
                inFlight.release(tx.getId());
                log.warn("Recovering transaction {} failed ({}); trying again in {} ms", tx.getId(), e.toString(),
                        properties.recoveryInterval().toMillis());
            }
        }
    }

    /** Resumes one transaction's phase 2, deciding ABORT first if it was never decided; false to try later. */
    private boolean recover(TransactionRecord tx) {
        DecisionLog decisionLog = decisions.of(tx.getMode());
        Outcome outcome = Outcome.of(tx.getStatus());
        String story;
        if (outcome != null) {
            story = "it was decided " + outcome + " before it was interrupted";
        } else {
            try {
                Optional<Outcome> stored = decisionLog.read(tx.getId());
                Decision d = decisionLog.decide(tx.getId(), Outcome.ABORT, reasonOf(tx.getId()));
                outcome = d.outcome();
                story = stored.isPresent()
                        ? "it was interrupted before its decision was recorded here; the config store holds " + outcome
                        : "it was interrupted before its decision, so it is decided " + outcome
                                + " now (presumed abort)";
            } catch (DecisionUnknownException e) {
                log.warn("Recovering transaction {}: its decision cannot be learned now ({}); trying again "
                        + "in {} ms", tx.getId(), e.getMessage(), properties.recoveryInterval().toMillis());
                return false;
            }
        }
        List<String> where = history.branches(tx.getId()).stream().filter(b -> !b.isAcknowledged())
                .map(BranchRecord::getParticipant).toList();
        String action = Outcome.of(tx.getStatus()) == null && outcome == Outcome.ABORT ? "abort-undecided"
                : outcome == Outcome.COMMIT ? "resume-commit" : "resume-abort";
        metrics.recovery(action);
        log.info("Recovering transaction {}: {}; {} at {}", tx.getId(), story,
                outcome == Outcome.COMMIT ? "committing" : "aborting",
                where.isEmpty() ? "no participant (every branch acknowledged)" : String.join(", ", where));
        phaseTwo.start(tx.getId(), outcome);
        return true;
    }

    /** Why an undecided transaction aborts: a recorded NO's reason if there is one, else TIMEOUT. */
    private String reasonOf(String txId) {
        return history.branches(txId).stream().filter(b -> "NO".equals(b.getVote()))
                .map(BranchRecord::getVoteReason).findFirst().orElse("TIMEOUT");
    }

    /** At start, then every recovery-interval until stopped. */
    @Override
    protected void runOnce() {
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("A recovery round failed; trying again in {} ms: {}", properties.recoveryInterval().toMillis(),
                    e.toString());
        }
    }
}
