package dev.distlab.participant.bank;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The bank shard's meters in /actuator/prometheus, all named {@code bank_*}. */
class BankMetrics {

    private final MeterRegistry registry;
    private final Counter commits;
    private final Counter conflicts;
    private final Counter heuristic;
    private final Counter collected;
    private final AtomicInteger inDoubt = new AtomicInteger();

    BankMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commits = Counter.builder("bank.commits").description("Branches committed here").register(registry);
        this.conflicts = Counter.builder("bank.lock.conflicts")
                .description("Prepares refused because another transaction held an account, or a freeze held")
                .register(registry);
        this.heuristic = Counter.builder("bank.branches.heuristic")
                .description("Branches ended HEURISTIC here: nobody knew the decision, deltas not applied; an operator "
                        + "must reconcile").register(registry);
        Gauge.builder("bank.branches.indoubt", inDoubt, AtomicInteger::get)
                .description("Branches PREPARED for longer than the in-doubt timeout that the resolver's last round "
                        + "could not decide (store or coordinator unreachable, or no answer yet): their locks stay held")
                .register(registry);
        this.collected = Counter.builder("bank.branches.collected")
                .description("Finished branch records deleted after the branch retention").register(registry);
    }

    void heuristic() {
        heuristic.increment();
    }

    void collected(int rows) {
        collected.increment(rows);
    }

    /** Branches the in-doubt resolver's last round left PREPARED past the in-doubt timeout, without a decision. */
    void inDoubt(int branches) {
        inDoubt.set(branches);
    }

    /** Gauges of what is held right now. */
    void watch(LockTable locks) {
        Gauge.builder("bank.branches.prepared", locks, LockTable::transactionCount)
                .description("Branches PREPARED here (in doubt until decided), holding their locks").register(registry);
        Gauge.builder("bank.locks.held", locks, LockTable::lockCount).description("Accounts locked by a branch")
                .register(registry);
    }

    /** A vote: YES (reason "none") or NO with its reason. */
    void vote(String vote, String reason) {
        Counter.builder("bank.votes").tag("vote", vote).tag("reason", reason == null ? "none" : reason)
                .description("Votes given to prepares (repeats answered from the record not counted)")
                .register(registry).increment();
    }

    void conflict() {
        conflicts.increment();
    }

    void committed() {
        commits.increment();
    }

    /** kind: "prepared" (a PREPARED branch aborted) or "tombstone" (an abort for a transaction unknown here). */
    void aborted(String kind) {
        Counter.builder("bank.aborts").tag("kind", kind).description("Branches aborted here").register(registry)
                .increment();
    }

    /** outcome: COMMIT, ABORT, or PENDING/UNAVAILABLE when the branch stays in doubt; source: store or coordinator. */
    void resolution(String source, String outcome) {
        Counter.builder("bank.indoubt.resolutions").tag("source", source).tag("outcome", outcome)
                .description("Attempts of the in-doubt resolver, by where it asked and what it learned")
                .register(registry).increment();
    }

    /** outcome: taken, drain-timeout. */
    void snapshot(String outcome) {
        Counter.builder("bank.snapshots").tag("outcome", outcome).description("Snapshot freezes asked of this shard")
                .register(registry).increment();
    }
}
