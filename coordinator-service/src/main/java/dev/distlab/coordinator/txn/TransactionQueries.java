package dev.distlab.coordinator.txn;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.history.BranchRecord;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import dev.distlab.coordinator.history.TxStatus;
import dev.distlab.coordinator.txn.TransactionJson.TransactionView;

/** Reads of the transaction history as the API shows it. */
@Component
class TransactionQueries {

    private final TransactionHistory history;

    TransactionQueries(TransactionHistory history) {
        this.history = history;
    }

    Optional<TransactionView> find(String txId) {
        return history.find(txId).map(t -> TransactionView.of(t, history.branches(txId)));
    }

    /** The most recent transactions, newest first: all, those with one status, or (heuristic) the HEURISTIC ones. */
    List<TransactionView> recent(TxStatus status, boolean heuristic, int limit) {
        List<TransactionRecord> txs = heuristic ? history.recentHeuristic(limit) : history.recent(status, limit);
        List<String> ids = txs.stream().map(TransactionRecord::getId).toList();
        Map<String, List<BranchRecord>> branches = history.branches(ids);
        return txs.stream().map(t -> TransactionView.of(t, branches.getOrDefault(t.getId(), List.of()))).toList();
    }
}
