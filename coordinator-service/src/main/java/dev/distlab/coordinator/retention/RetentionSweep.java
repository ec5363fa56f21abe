package dev.distlab.coordinator.retention;

import static dev.distlab.coordinator.Durations.human;

import java.time.Duration;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.idempotency.IdempotencySweep;

/**
 * Keeps the coordinator's records bounded by configuration, not by uptime: shortly after start and then every
 * {@code retention-sweep-interval}, expired decisions leave the store, expired idempotency records are removed
 * (and PENDING ones settled), and completed transactions leave the history — in that order, because a history row
 * goes only after its decision. Each step's failure is logged and retried next time; the others still run.
 */
@Component
public class RetentionSweep extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    /** The first sweep waits this long (or the interval, if shorter), so that it does not compete with starting. */
    private static final Duration FIRST_DELAY = Duration.ofSeconds(10);

    private final DecisionRetention decisions;
    private final IdempotencySweep idempotency;
    private final HistoryRetention history;
    private final BankProperties properties;
    private final BankMetrics metrics;

    RetentionSweep(DecisionRetention decisions, IdempotencySweep idempotency, HistoryRetention history,
            BankProperties properties, BankMetrics metrics) {
        super("coordinator-retention-sweep", firstDelay(properties.retentionSweepInterval()),
                properties.retentionSweepInterval(), properties.storeTimeout().plusSeconds(1));
        this.decisions = decisions;
        this.idempotency = idempotency;
        this.history = history;
        this.properties = properties;
        this.metrics = metrics;
        for (String record : new String[] { "decision", "idempotency", "history" }) {
            metrics.retained(record, 0); // shown from the start
        }
    }

    /** One sweep of every record class. */
    public void sweep() {
        step("decision", "decisions of transactions completed over " + human(properties.decisionRetention()) + " ago",
                decisions::forgetExpired);
        step("idempotency", "idempotency records", idempotency::sweep);
        step("history", "transactions completed over " + human(properties.historyRetention()) + " ago",
                history::removeExpired);
    }

    private void step(String record, String what, IntSupplier removal) {
        try {
            int removed = removal.getAsInt();
            if (removed > 0) {
                metrics.retained(record, removed);
                log.info("Retention: removed {} {}", removed, what);
            }
        } catch (RuntimeException e) {
            log.warn("Retention: removing {} failed ({}); trying again in {}", what, e.getMessage() == null
                    ? e.toString() : e.getMessage(), human(properties.retentionSweepInterval()));
        }
    }

    private static Duration firstDelay(Duration interval) {
        return FIRST_DELAY.compareTo(interval) < 0 ? FIRST_DELAY : interval;
    }

    @Override
    protected void runOnce() {
        sweep();
    }
}
