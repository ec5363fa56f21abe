package dev.distlab.coordinator.txn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankMetrics;

/**
 * The transactions this process is working on right now (a request running 2PC, or phase 2 in the background).
 * Recovery leaves them alone; a transaction is taken by one owner at a time.
 */
@Component
class InFlight {

    private static final Runnable NOTHING = () -> {
    };

    /** Each transaction with what its release hands on (its accounts' turns). */
    private final Map<String, Runnable> ids = new ConcurrentHashMap<>();

    InFlight(BankMetrics metrics) {
        metrics.gauge("bank.transactions.inflight", "Transactions this coordinator is running now (2PC or phase 2)",
                ids::size);
    }

    /** Takes the transaction; false if someone in this process already has it. */
    boolean take(String txId) {
        return take(txId, NOTHING);
    }

    /** Takes the transaction, {@code onRelease} to run when it is released; false if someone already has it. */
    boolean take(String txId, Runnable onRelease) {
        return ids.putIfAbsent(txId, onRelease) == null;
    }

    /**
     * Runs what the transaction's release would run (hands its accounts' turns on) now, while it stays taken: every
     * participant has answered its phase 2, so none holds its accounts' locks any more.
     */
    void accountsFree(String txId) {
        Runnable onRelease = ids.replace(txId, NOTHING);
        if (onRelease != null) {
            onRelease.run();
        }
    }

    void release(String txId) {
        Runnable onRelease = ids.remove(txId);
        if (onRelease != null) {
            onRelease.run();
        }
    }

    boolean has(String txId) {
        return ids.containsKey(txId);
    }
}
