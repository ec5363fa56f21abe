package dev.distlab.participant.bank;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The bank shard's meters in /actuator/prometheus, all named {@code bank_*}. */
class BankMetrics {

    private final MeterRegistry registry;
    private final Counter commits;
    private final Counter conflicts;
    private final Timer force;
    private final Counter syncs;

    BankMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commits = Counter.builder("bank.commits").description("Branches committed here").register(registry);
        this.conflicts = Counter.builder("bank.lock.conflicts")
                .description("Prepares refused because another transaction held an account, or a freeze held")
                .register(registry);
        this.force = Timer.builder("bank.force")
                .description("Waiting for the bank database to be forced to disk (group-committed CHECKPOINT SYNC)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        this.syncs = Counter.builder("bank.force.syncs")
                .description("CHECKPOINT SYNCs run; fewer than forces when concurrent callers share one")
                .register(registry);
    }

    /** Gauges of what is held right now. */
    void watch(LockTable locks) {
        Gauge.builder("bank.branches.prepared", locks, LockTable::transactionCount)
                .description("Branches PREPARED here (in doubt until decided), holding their locks").register(registry);
        Gauge.builder("bank.locks.held", locks, LockTable::lockCount).description("Accounts locked by a branch")
                .register(registry);
    }

    Timer forceTimer() {
        return force;
    }

    Counter forceSyncs() {
        return syncs;
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
