package dev.distlab.participant.bank;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the branch table bounded: every {@code branch-sweep-interval} deletes the finished branches
 * (COMMITTED, ABORTED, tombstones) decided longer than {@code branch-retention} ago, a bounded batch per H2
 * transaction; never a PREPARED one, and never a HEURISTIC one: it is the evidence an operator needs to reconcile
 * the accounts, and there are as many as anomalies, not as many as transactions. This is safe because a prepare of a transaction created more than
 * half the retention ago is refused (NO EXPIRED) before it looks for a record, so a deleted branch can never be
 * prepared, locked or applied again; a late commit of one gets 404 and a late abort writes a new tombstone.
 */
@Component
class BranchCollector implements SmartLifecycle {

    /** The states collected: the ended ones, except HEURISTIC. */
    private static final List<BranchState> COLLECTED = List.of(BranchState.COMMITTED, BranchState.ABORTED);

    /** Rows deleted per H2 transaction, so a sweep never holds a long transaction or a huge id list. */
    static final int BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(BranchCollector.class);

    private final BranchRepository branches;
    private final BankLog bankLog;
    private final TransactionTemplate tx;
    private final BankProperties properties;
    private final BankMetrics metrics;
    private final Clock clock;
    private final ScheduledRounds rounds;

    BranchCollector(BranchRepository branches, BankLog bankLog, PlatformTransactionManager transactions,
            BankProperties properties, BankMetrics metrics, Clock clock) {
        this.branches = branches;
        this.bankLog = bankLog;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.rounds = new ScheduledRounds("bank-branch-collector", properties.getBranchSweepInterval(),
                Duration.ofSeconds(10), this::round);
    }

    /** One sweep: deletes every finished branch decided before now minus the retention; returns how many. */
    int sweep() {
        Instant cutoff = clock.instant().minus(properties.getBranchRetention());
        // the write-ahead log must not hold an image of a branch deleted here (a PREPARED one would bring it back
        // after a crash, and be applied again): a checkpoint empties it, and an ended branch logs nothing more
        bankLog.checkpoint();
        int removed = 0;
        while (true) {
            Integer batch = tx.execute(status -> {
                List<String> ids = branches.findIdsDecidedBefore(COLLECTED, cutoff, PageRequest.of(0, BATCH));
                return ids.isEmpty() ? 0 : branches.deleteDecidedBefore(ids, COLLECTED, cutoff);
            });
            int n = batch == null ? 0 : batch;
            removed += n;
            metrics.collected(n);
            if (n < BATCH) {
                break;
            }
        }
        if (removed > 0) {
            log.info("Deleted {} finished branch records (committed, aborted or tombstones) decided before "
                    + "{}, older than the branch retention of {}; a prepare of a transaction created before now minus "
                    + "{} is refused, so none of them can be prepared again", removed, cutoff,
                    properties.getBranchRetention(), properties.getPrepareExpiry());
        }
        return removed;
    }

    private void round() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Deleting old branch records failed; trying again in {}: {}",
                    BankService.seconds(properties.getBranchSweepInterval()), e.toString());
        }
    }

    @Override
    public void start() {
        rounds.start();
    }

    @Override
    public void stop() {
        rounds.stop(); // a sweep in progress finishes its batch; no new one starts
    }

    @Override
    public boolean isRunning() {
        return rounds.isRunning();
    }
}
