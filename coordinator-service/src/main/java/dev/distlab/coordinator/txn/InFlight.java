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

    /** Each transaction with the turns of its accounts, which its release hands on. */
    private final Map<String, AccountTurns.Held> ids = new ConcurrentHashMap<>();

    InFlight(BankMetrics metrics) {
        metrics.gauge("bank.transactions.inflight", "Transactions this coordinator is running now (2PC or phase 2)",
                ids::size);
    }

    /** Takes the transaction; false if someone in this process already has it. */
    boolean take(String txId) {
        return take(txId, AccountTurns.NOTHING);
    }

    /** Takes the transaction with the turns it holds, handed on at its release; false if someone already has it. */
    boolean take(String txId, AccountTurns.Held turns) {
        return ids.putIfAbsent(txId, turns) == null;
    }

    /**
     * Hands on the turns of the transaction's accounts at {@code participant} now, while the transaction stays
     * taken: that participant has answered its phase 2, so it no longer holds their locks.
     */
    void accountsFree(String txId, String participant) {
        AccountTurns.Held turns = ids.get(txId);
        if (turns != null) {
            turns.release(participant);
        }
    }

    void release(String txId) {
        AccountTurns.Held turns = ids.remove(txId);
        if (turns != null) {
            turns.release();
        }
    }

    boolean has(String txId) {
        return ids.containsKey(txId);
    }
}
