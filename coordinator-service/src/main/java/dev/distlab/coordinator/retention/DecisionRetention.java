package dev.distlab.coordinator.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.decision.DecisionLogs;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/**
 * Deletes {@code tx/<txId>/decision} once its transaction has been completed for {@code decision-retention}.
 * Safe because completed means every branch answered phase 2 and the idempotency record is final, so nobody in the
 * protocol reads that decision any more; and it is kept that long, rather than deleted at completion, so that a
 * create-only ABORT written late (a retry that read its record as PENDING, a participant restored to an old disk)
 * finds it and loses, instead of silently deciding the other way. Only this coordinator's transactions are
 * forgotten here, each by the coordinator that ran it.
 */
@Component
public class DecisionRetention {

    /** Decisions forgotten per batch; the sweep repeats batches until none is left. */
    static final int BATCH = 500;

    private final TransactionHistory history;
    private final DecisionLogs decisions;
    private final ParallelDeletes deletes;
    private final BankProperties properties;
    private final Clock clock;

    DecisionRetention(TransactionHistory history, DecisionLogs decisions, ParallelDeletes deletes,
            BankProperties properties, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.decisions = decisions;
        this.deletes = deletes;
        this.properties = properties;
    }

    /**
     * Forgets every decision due; returns how many.
     *
     * @throws dev.distlab.configclient.ConfigException if the store cannot be reached (those forgotten before
     *         stay forgotten)
     */
    public int forgetExpired() {
        Instant cutoff = clock.instant().minus(properties.decisionRetention());
        int forgotten = 0;
        List<TransactionRecord> due;
        do {
            due = history.decisionsToForget(cutoff, BATCH);
            List<TransactionRecord> gone = deletes.each(due, tx -> {
                decisions.of(tx.getMode()).forget(tx.getId());
                return true;
            });
            history.decisionsForgotten(gone.stream().map(TransactionRecord::getId).toList());
            forgotten += gone.size();
        } while (due.size() == BATCH);
        return forgotten;
    }
}
