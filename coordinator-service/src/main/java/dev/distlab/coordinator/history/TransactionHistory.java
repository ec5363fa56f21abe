package dev.distlab.coordinator.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.coordinator.Operation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordinator's database: transactions and their branches. What recovery needs is forced to disk through
 * the {@link H2GroupCommit}: a new transaction before any prepare is sent, a decision when asked (local mode),
 * and completion. The rest is written without forcing: losing it in a crash only makes recovery repeat
 * idempotent work.
 */
@Component
public class TransactionHistory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Operation>> OPERATIONS = new TypeReference<>() {
    };

    /** A branch to record with a new transaction. */
    public record NewBranch(String participant, List<Operation> operations) {
    }

    private final EntityManager em;
    private final TransactionTemplate tx;
    private final H2GroupCommit disk;

    TransactionHistory(EntityManager em, PlatformTransactionManager transactions, H2GroupCommit disk) {
        this.em = em;
        this.tx = new TransactionTemplate(transactions);
        this.disk = disk;
    }

    /** Records a transaction PREPARING with its branches and forces it to disk. */
    public void begin(String txId, String mode, String coordinator, Instant createdAt, String idempotencyKeyHash,
            String requestHash, List<NewBranch> branches) {
        inTx(() -> {
            em.persist(new TransactionRecord(txId, mode, coordinator, createdAt, idempotencyKeyHash, requestHash));
            for (NewBranch b : branches) {
                em.persist(new BranchRecord(txId, b.participant(), JSON.writeValueAsString(b.operations())));
            }
            return null;
        });
        disk.force();
    }

    /**
     * Records an unknown transaction as ABORTED and completed (forced), so it can never start later; false if a
     * transaction with this id exists (it started first).
     */
    public boolean tombstone(String txId, String mode, String coordinator) {
        try {
            inTx(() -> {
                em.persist(TransactionRecord.tombstone(txId, mode, coordinator, Instant.now()));
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

    /** Records one branch's vote (YES or NO with its reason; null vote with TIMEOUT or PARTICIPANT_UNAVAILABLE). */
    public void recordVote(String txId, String participant, String vote, String reason, String state) {
        inTx(() -> {
            BranchRecord b = em.find(BranchRecord.class, txId + "/" + participant);
            if (b != null) {
                b.voted(vote, reason, state);
            }
            return null;
        });
    }

    /**
     * Moves a PREPARING transaction to its decision, as one conditional update: true if this call decided it,
     * false if it was already decided (or unknown). With {@code force} the decision is on disk when this returns.
     */
    public boolean decideIfPreparing(String txId, TxStatus decision, String reason, boolean force) {
        if (!decision.isDecided()) {
            throw new IllegalArgumentException("a decision is COMMITTED or ABORTED");
        }
        int changed = inTx(() -> em.createQuery("update TransactionRecord t set t.status = :decision, "
                + "t.reason = :reason, t.decidedAt = :now where t.id = :id and t.status = :preparing")
                .setParameter("decision", decision).setParameter("reason", reason)
                .setParameter("now", Instant.now()).setParameter("id", txId)
                .setParameter("preparing", TxStatus.PREPARING).executeUpdate());
        if (force) {
            disk.force(); // also when another caller decided first: its decision is then surely on disk too
        }
        return changed == 1;
    }

    /** A branch acknowledged phase 2 and is now in {@code state} at its participant. */
    public void acknowledge(String txId, String participant, String state) {
        inTx(() -> {
            BranchRecord b = em.find(BranchRecord.class, txId + "/" + participant);
            if (b != null) {
                b.acknowledged(state);
            }
            return null;
        });
    }

    /** Marks a transaction completed (every branch acknowledged phase 2) and forces it to disk. */
    public void complete(String txId) {
        inTx(() -> {
            TransactionRecord t = em.find(TransactionRecord.class, txId);
            if (t != null && t.getCompletedAt() == null) {
                t.complete(Instant.now());
            }
            return null;
        });
        disk.force();
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
        return inTx(() -> em.createQuery("select t from TransactionRecord t where t.completedAt is null "
                + "order by t.createdAt", TransactionRecord.class).getResultList());
    }

    /** The most recent transactions, newest first, optionally only those with one status. */
    public List<TransactionRecord> recent(TxStatus status, int limit) {
        String where = status == null ? "" : " where t.status = :status";
        return inTx(() -> {
            var query = em.createQuery("select t from TransactionRecord t" + where
                    + " order by t.createdAt desc, t.id desc", TransactionRecord.class).setMaxResults(limit);
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
}
