package dev.distlab.coordinator.history;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlab.common.storage.WriteAheadLog;
import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Operation;
import dev.distlab.coordinator.history.GroupWriter.Write;
import io.micrometer.core.instrument.DistributionSummary;
import jakarta.annotation.PostConstruct;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordinator's database: transactions and their branches. What recovery needs is on disk before the call
 * returns: a new transaction before any prepare is sent, a decision when asked (local mode), and completion. Each
 * of those writes its row's image to the {@link WriteAheadLog} once committed and waits for the log's sync; the
 * database itself is written without forcing, forced at each checkpoint, and caught up from the log at start
 * ({@link #replayLog()}). The rest is written without forcing: losing it in a crash only makes recovery repeat
 * idempotent work. The rare forced writes outside that path (a tombstone, a decision read before its log sync)
 * force the database itself through the {@link H2GroupCommit}.
 * <p>
 * The writes every transaction makes (begin, votes, decision, acknowledgements, completion) go through a
 * {@link GroupWriter}: concurrent ones share one database transaction and one sync of the log, and each call
 * still returns only once its own write is committed (and on disk where it says so). They are plain JDBC
 * ({@link HistoryRows}), in the transactions JPA runs; the reads for recovery, retention and the API, the tombstone
 * and the replay go through JPA, each in a transaction (and a persistence context) of its own.
 */
@Component
public class TransactionHistory {

    private static final Logger log = LoggerFactory.getLogger(TransactionHistory.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Operation>> OPERATIONS = new TypeReference<>() {
    };

    /** A branch to record with a new transaction. */
    public record NewBranch(String participant, List<Operation> operations) {
    }

    /** At most this many groups of writes wait for the writer; later callers wait for room. */
    private static final int QUEUED_GROUPS = 4;

    private final EntityManager em;
    private final HistoryRows rows;
    private final TransactionTemplate tx;
    private final GroupWriter writer;
    private final H2GroupCommit disk;
    private final WriteAheadLog wal;
    private final CrashPoints crashPoints;
    /** The platform's wall clock (a clock fault moves it): completion and forgetting stamps. */
    private final Clock clock;

    TransactionHistory(EntityManager em, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            H2GroupCommit disk, WriteAheadLog wal, CrashPoints crashPoints, Clock clock, BankProperties properties,
            BankMetrics metrics) {
        this.em = em;
        this.rows = new HistoryRows(jdbc);
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.disk = disk;
        this.wal = wal;
        this.crashPoints = crashPoints;
        DistributionSummary groupSizes = metrics.historyGroupSize();
        // Nothing needs to run between two writes of a group: their JDBC statements reach the database at once,
        // so each write finds the rows the writes before it left, and no entity is ever loaded into the group's
        // persistence context (none can go stale after a JDBC write; JPA reads run in transactions of their own)
        this.writer = new GroupWriter(properties.historyGroupSize(), QUEUED_GROUPS * properties.historyGroupSize(),
                work -> tx.executeWithoutResult(status -> work.run()), wal::sync, groupSizes::record);
    }

    /**
     * Catches the database up with the write-ahead log (after a crash it may lack what the log holds), then
     * checkpoints, before anything reads the history: recovery must see every transaction that was acknowledged.
     */
    @PostConstruct
    void replayLog() {
        List<byte[]> records = wal.takeRecovered();
        if (records.isEmpty()) {
            return;
        }
        int[] restoredAdvanced = new int[2];
        inTx(() -> {
            for (byte[] record : records) {
                HistoryImage image = HistoryImage.fromBytes(record);
                TransactionRecord row = em.find(TransactionRecord.class, image.id());
                if (row == null) {
                    em.persist(image.toRecord());
                    image.toBranchRecords().forEach(em::persist);
                    restoredAdvanced[0]++;
                } else if (image.isAheadOf(row)) {
                    row.advanceTo(image);
                    for (HistoryImage.Branch b : image.branches()) {
                        String branchId = BranchRecord.idOf(image.id(), b.participant());
                        BranchRecord branch = em.find(BranchRecord.class, branchId);
                        if (branch == null) {
                            em.persist(BranchRecord.restored(image.id(), b));
                        } else {
                            branch.advanceTo(b);
                        }
                    }
                    restoredAdvanced[1]++;
                }
            }
            return null;
        });
        wal.checkpoint(disk::force);
        log.info("Replayed the history's write-ahead log ({} records): {} transactions restored and {} moved on that "
                + "the database had lost in a crash", records.size(), restoredAdvanced[0], restoredAdvanced[1]);
    }

    /** Forces the database to disk and empties the write-ahead log (nothing to do if nothing was logged since). */
    public void checkpoint() {
        wal.checkpoint(disk::force);
    }

    /** Records a transaction PREPARING with its branches; on disk when this returns. */
    public void begin(String txId, String mode, String coordinator, Instant createdAt, String idempotencyKeyHash,
            String requestHash, List<NewBranch> branches) {
        // the image logged is the rows inserted, so nothing needs reading back
        HistoryImage begun = HistoryImage.begun(txId, mode, coordinator, createdAt, idempotencyKeyHash, requestHash,
                branches.stream().map(b -> HistoryImage.newBranch(b.participant(),
                        JSON.writeValueAsString(b.operations()))).toList());
        writer.write(logged(() -> {
            rows.insert(begun);
            return new Logged<>(null, begun);
        }));
    }

    /**
     * Records an unknown transaction as ABORTED and completed (forced), so it can never start later; false if a
     * transaction with this id exists (it started first).
     */
    public boolean tombstone(String txId, String mode, String coordinator) {
        try {
            inTx(() -> {
                em.persist(TransactionRecord.tombstone(txId, mode, coordinator, clock.instant()));
                return null;
            });
        } catch (DataAccessException | PersistenceException e) {
            if (find(txId).isPresent()) {
                return false;
            }
            throw e;
        }
        disk.force();
        return true;
    }

    /** One branch's vote: YES or NO with its reason; a null vote with TIMEOUT or PARTICIPANT_UNAVAILABLE. */
    public record BranchVote(String participant, String vote, String reason, String state) {
    }

    /** Records every branch's vote, in one database transaction. */
    public void recordVotes(String txId, List<BranchVote> votes) {
        writer.write(Write.unforced(() -> {
            rows.recordVotes(txId, votes);
            return null;
        }));
    }

    /**
     * Moves a PREPARING transaction to its decision, as one conditional update: true if this call decided it,
     * false if it was already decided (or unknown). With {@code force} the decision is on disk when this returns.
     */
    public boolean decideIfPreparing(String txId, TxStatus decision, String reason, boolean force) {
        if (!decision.isDecided()) {
            throw new IllegalArgumentException("a decision is COMMITTED or ABORTED");
        }
        Supplier<Integer> update = () -> rows.decideIfPreparing(txId, decision, reason, clock.instant());
        // logged also when another caller decided first: the row's image then makes that decision surely durable
        int changed = writer.write(force
                ? logged(() -> new Logged<>(update.get(), rows.image(txId)),
                        () -> crashPoints.reached("coordinator.decision-unforced"))
                : Write.unforced(update));
        return changed == 1;
    }

    /**
     * A branch ended otherwise than the decision, or lost its prepared state: the branch is recorded in
     * {@code state} (no longer retried) and the transaction flagged HEURISTIC.
     */
    public void heuristic(String txId, String participant, String state) {
        inTx(() -> {
            rows.acknowledge(txId, participant, state);
            rows.markHeuristic(txId);
            return null;
        });
    }

    /** A branch acknowledged phase 2 and is now in {@code state} at its participant. */
    public void acknowledge(String txId, String participant, String state) {
        writer.write(Write.unforced(() -> {
            rows.acknowledge(txId, participant, state);
            return null;
        }));
    }

    /**
     * Marks a transaction completed (every branch acknowledged phase 2; a second completion keeps the first's
     * stamp); on disk when this returns, with the branches' final states (their acknowledgements were written
     * unforced). An unknown transaction logs nothing.
     */
    public void complete(String txId) {
        writer.write(logged(() -> {
            rows.complete(txId, clock.instant());
            return new Logged<>(null, rows.imageWithBranches(txId));
        }));
    }

    /** What a logged write's statements return: the caller's result, and the row's image for the log (or null). */
    private record Logged<T>(T result, HistoryImage image) {
    }

    /** As {@link #logged(Supplier, Runnable)}, with nothing to run before the image is logged. */
    private <T> Write<T> logged(Supplier<Logged<T>> statements) {
        return logged(statements, () -> {
        });
    }

    /**
     * A write whose row image goes to the write-ahead log once its transaction has committed (after
     * {@code beforeLog}); its caller is released once the log is synced.
     */
    private <T> Write<T> logged(Supplier<Logged<T>> statements, Runnable beforeLog) {
        AtomicReference<HistoryImage> image = new AtomicReference<>();
        return Write.forced(() -> {
            Logged<T> written = statements.get();
            image.set(written.image());
            return written.result();
        }, () -> {
            beforeLog.run();
            HistoryImage written = image.get();
            if (written != null) {
                wal.append(written.toBytes());
            }
        });
    }

    /**
     * The transaction as it is on disk: a decided one is forced first, so that nobody is told a decision that a
     * crash could still take back (in local mode the decision row is committed a moment before it is forced).
     */
    public Optional<TransactionRecord> findDurable(String txId) {
        Optional<TransactionRecord> found = find(txId);
        if (found.isPresent() && found.get().getStatus().isDecided()) {
            disk.force();
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------ retention

    /** Completed transactions whose decision entry is still kept and that completed before {@code cutoff}. */
    public List<TransactionRecord> decisionsToForget(Instant cutoff, int limit) {
        // ordered by the index's columns, equal one included: H2 then reads the index in order and stops at the
        // limit, instead of reading every due row and sorting them
        return inTx(() -> em.createQuery("select t from TransactionRecord t where t.decisionForgotten = false "
                + "and t.completedAt < :cutoff order by t.decisionForgotten, t.completedAt", TransactionRecord.class)
                .setParameter("cutoff", cutoff).setMaxResults(limit).getResultList());
    }

    /** Their {@code tx/<id>/decision} entries are gone from the store. Not forced: a lost mark only repeats a delete. */
    public void decisionsForgotten(List<String> txIds) {
        if (txIds.isEmpty()) {
            return;
        }
        inTx(() -> em.createQuery("update TransactionRecord t set t.decisionForgottenAt = :now where t.id in :ids")
                .setParameter("now", clock.instant()).setParameter("ids", txIds).executeUpdate());
    }

    /**
     * Deletes up to {@code limit} transactions, with their branches, that completed before {@code cutoff} and
     * whose decision entry is already forgotten; never an unfinished one, nor a HEURISTIC one (the evidence an
     * operator needs; there are as many as anomalies). Returns how many were deleted.
     */
    public int removeCompleted(Instant cutoff, int limit) {
        return inTx(() -> {
            // through coord_tx_retention, in its order (see decisionsToForget)
            List<String> ids = em.createQuery("select t.id from TransactionRecord t where t.decisionForgotten = true "
                    + "and t.completedAt < :cutoff and t.heuristic = false "
                    + "order by t.decisionForgotten, t.completedAt", String.class)
                    .setParameter("cutoff", cutoff).setMaxResults(limit).getResultList();
            if (ids.isEmpty()) {
                return 0;
            }
            em.createQuery("delete from BranchRecord b where b.txId in :ids").setParameter("ids", ids)
                    .executeUpdate();
            return em.createQuery("delete from TransactionRecord t where t.id in :ids").setParameter("ids", ids)
                    .executeUpdate();
        });
    }

    public Optional<TransactionRecord> find(String txId) {
        return Optional.ofNullable(inTx(() -> em.find(TransactionRecord.class, txId)));
    }

    /** A transaction's branches, by participant id. */
    public List<BranchRecord> branches(String txId) {
        return inTx(() -> em.createQuery("select b from BranchRecord b where b.txId = :txId order by b.participant",
                BranchRecord.class).setParameter("txId", txId).getResultList());
    }

    /** The branches of several transactions, by transaction id (each list by participant id). */
    public Map<String, List<BranchRecord>> branches(Collection<String> txIds) {
        Map<String, List<BranchRecord>> byTx = new LinkedHashMap<>();
        if (txIds.isEmpty()) {
            return byTx;
        }
        List<BranchRecord> all = inTx(() -> em.createQuery("select b from BranchRecord b where b.txId in :ids "
                + "order by b.txId, b.participant", BranchRecord.class).setParameter("ids", txIds).getResultList());
        for (BranchRecord b : all) {
            byTx.computeIfAbsent(b.getTxId(), k -> new ArrayList<>()).add(b);
        }
        return byTx;
    }

    /** Transactions not completed yet, oldest first. */
    public List<TransactionRecord> unfinished() {
        // a decision is forgotten only after completion: the unfinished are where coord_tx_retention starts
        return inTx(() -> em.createQuery("select t from TransactionRecord t where t.decisionForgotten = false "
                + "and t.completedAt is null order by t.createdAt", TransactionRecord.class).getResultList());
    }

    /** The most recent HEURISTIC transactions, newest first. */
    public List<TransactionRecord> recentHeuristic(int limit) {
        return inTx(() -> em.createQuery("select t from TransactionRecord t where t.heuristic = true "
                + "order by t.createdAt desc, t.id desc", TransactionRecord.class).setMaxResults(limit)
                .getResultList());
    }

    /** The most recent transactions, newest first, optionally only those with one status (and not HEURISTIC). */
    public List<TransactionRecord> recent(TxStatus status, int limit) {
        // with a status, through coord_tx_status in its order (the equal columns first, see decisionsToForget)
        String where = status == null ? "" : " where t.heuristic = false and t.status = :status";
        String order = status == null ? "" : " t.heuristic desc, t.status desc,";
        return inTx(() -> {
            var query = em.createQuery("select t from TransactionRecord t" + where
                    + " order by" + order + " t.createdAt desc, t.id desc", TransactionRecord.class)
                    .setMaxResults(limit);
            if (status != null) {
                query.setParameter("status", status);
            }
            return query.getResultList();
        });
    }

    public static List<Operation> operations(BranchRecord branch) {
        return JSON.readValue(branch.getOperations(), OPERATIONS);
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** Writes waiting for the group writer (for tests). */
    int queuedWrites() {
        return writer.queued();
    }
}
