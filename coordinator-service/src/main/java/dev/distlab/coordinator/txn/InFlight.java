package dev.distlab.coordinator.txn;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankMetrics;

/**
 * The transactions this process is working on right now (a request running 2PC, or phase 2 in the background).
 * Recovery leaves them alone; a transaction is taken by one owner at a time.
 */
@Component
class InFlight {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    InFlight(BankMetrics metrics) {
        metrics.gauge("bank.transactions.inflight", "Transactions this coordinator is running now (2PC or phase 2)",
                ids::size);
    }

    /** Takes the transaction; false if someone in this process already has it. */
    boolean take(String txId) {
        return ids.add(txId);
    }

    void release(String txId) {
        ids.remove(txId);
    }

    boolean has(String txId) {
        return ids.contains(txId);
    }
}
