package dev.distlab.coordinator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The coordinator's meters, in /actuator/prometheus as:
 * {@code bank_transactions_total{outcome,reason}}, {@code bank_phase_seconds{phase=prepare|decide|commit}}
 * (histogram), {@code bank_recovery_actions_total{action}}, {@code bank_transactions_inflight},
 * {@code bank_transactions_unfinished}, {@code bank_snapshots_total{outcome}},
 * {@code bank_idempotency_requests_total{result}}, {@code bank_idempotency_records_removed_total},
 * {@code bank_transactions_heuristic_total{branch}}, {@code bank_retention_removed_total{record}},
 * {@code bank_history_group_size} (summary), {@code bank_busy_account_wait_seconds{turns=all|not-all}}; the
 * history's write-ahead log's {@code bank_history_log_seconds} and {@code bank_history_log_syncs_total}; and the
 * database force's {@code bank_force_seconds} and {@code bank_force_syncs_total} (checkpoints, tombstones).
 */
@Component
public class BankMetrics {

    private final MeterRegistry registry;

    BankMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A transaction's outcome as answered: COMMITTED, ABORTED (with its reason) or UNKNOWN. */
    public void transaction(String outcome, String reason) {
        Counter.builder("bank.transactions").tag("outcome", outcome).tag("reason", reason == null ? "none" : reason)
                .description("Transactions by the outcome given to the client").register(registry).increment();
    }

    /** prepare: every vote in; decide: the decision durable; commit: phase 2, until every branch acknowledged. */
    public Timer phase(String phase) {
        return Timer.builder("bank.phase").tag("phase", phase).description("Duration of one phase of 2PC")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /**
     * What recovery (or a participant's inquiry) did: resume-commit, resume-abort, abort-undecided,
     * inquiry-abort, idempotency-abort.
     */
    public void recovery(String action) {
        Counter.builder("bank.recovery.actions").tag("action", action)
                .description("Steps taken to finish transactions that were interrupted").register(registry).increment();
    }

    /** taken, retried (a freeze failed or lapsed), failed (503). */
    public void snapshot(String outcome) {
        Counter.builder("bank.snapshots").tag("outcome", outcome).description("Consistent snapshots of all accounts")
                .register(registry).increment();
    }

    /** new, replayed (a final outcome answered again), mismatch (422), resolved (a PENDING one), unknown. */
    public void idempotency(String result) {
        Counter.builder("bank.idempotency.requests").tag("result", result)
                .description("Requests with an Idempotency-Key, by what the key led to").register(registry)
                .increment();
    }

    /** Final idempotency records the retention sweep removed. */
    public void idempotencyRecordsRemoved(long n) {
        Counter.builder("bank.idempotency.records.removed")
                .description("Final idempotency records removed after the retention period").register(registry)
                .increment(n);
    }

    /** A branch that ended otherwise than its decision ({@code state}: ABORTED, COMMITTED, HEURISTIC, MISSING). */
    public void heuristic(String state) {
        Counter.builder("bank.transactions.heuristic").tag("branch", state)
                .description("Branches whose outcome differs from the decision or was lost: transactions marked "
                        + "HEURISTIC, for an operator to reconcile")
                .register(registry).increment();
    }

    /** Records a retention sweep removed: {@code record} is decision, history or idempotency. */
    public void retained(String record, long removed) {
        Counter.builder("bank.retention.removed").tag("record", record)
                .description("Records removed after their retention period (or past their cap)").register(registry)
                .increment(removed);
    }

    /**
     * A transaction found one of its accounts busy in another transaction of this coordinator and waited
     * {@code nanos}: for every turn ({@code all}), or until the longest wait ran out ({@code not-all}).
     */
    public void busyAccountWait(long nanos, boolean gotAll) {
        Timer.builder("bank.busy.account.wait").tag("turns", gotAll ? "all" : "not-all")
                .description("Waits of transactions for accounts busy in other transactions of this coordinator")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Writes to the history that shared one database transaction (see {@code GroupWriter}). */
    public DistributionSummary historyGroupSize() {
        return DistributionSummary.builder("bank.history.group.size")
                .description("Writes to the coordinator's history (begin, votes, decision, acknowledgements, "
                        + "completion) committed in one database transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
