package dev.distlab.participant.bank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which transaction holds which account, in memory (rebuilt from the PREPARED branches at start). A branch
 * takes the locks of all its accounts or none.
 */
class LockTable {

    /** One held lock. */
    record Lock(String account, String txId) {
    }

    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, List<String>> byTransaction = new HashMap<>();
    private Runnable onRelease = () -> { };

    /** Called (outside the table's monitor) after locks were released. */
    synchronized void onRelease(Runnable listener) {
        this.onRelease = listener;
    }

    /**
     * Takes every account for {@code txId}, or none: returns null on success, else a lock that another
     * transaction holds on one of the accounts.
     */
    synchronized Lock tryLockAll(String txId, Collection<String> accounts) {
        for (String account : accounts) {
            String holder = holders.get(account);
            if (holder != null && !holder.equals(txId)) {
                return new Lock(account, holder);
            }
        }
        List<String> held = byTransaction.computeIfAbsent(txId, k -> new ArrayList<>());
        for (String account : accounts) {
            if (holders.putIfAbsent(account, txId) == null) {
                held.add(account);
            }
        }
        return null;
    }

    /** Releases every lock of {@code txId}; false if it held none. */
    boolean release(String txId) {
        Runnable listener;
        synchronized (this) {
            List<String> held = byTransaction.remove(txId);
            if (held == null) {
                return false;
            }
            held.forEach(holders::remove);
            listener = onRelease;
        }
        listener.run();
        return true;
    }

    synchronized String holder(String account) {
        return holders.get(account);
    }

    /** Every held lock, by account. */
    synchronized List<Lock> locks() {
        List<Lock> out = new ArrayList<>();
        new TreeMap<>(holders).forEach((account, txId) -> out.add(new Lock(account, txId)));
        return out;
    }

    synchronized int lockCount() {
        return holders.size();
    }

    /** Transactions that hold locks: PREPARED branches, and prepares between taking locks and voting. */
    synchronized int transactionCount() {
        return byTransaction.size();
    }

    synchronized void clear() {
        holders.clear();
        byTransaction.clear();
    }
}
