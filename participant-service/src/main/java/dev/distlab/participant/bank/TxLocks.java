package dev.distlab.participant.bank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One mutex per transaction id, so that prepare, commit, abort and the in-doubt resolver of the same
 * transaction run one at a time (and transactions with different ids never wait for each other).
 */
class TxLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    <T> T with(String txId, Supplier<T> action) {
        Entry entry = entries.compute(txId, (k, e) -> {
            Entry current = e == null ? new Entry() : e;
            current.users++;
            return current;
        });
        entry.lock.lock();
        try {
            return action.get();
        } finally {
            entry.lock.unlock();
            entries.computeIfPresent(txId, (k, e) -> --e.users == 0 ? null : e);
        }
    }

    /**
     * Runs {@code action} while holding the locks of every one of {@code txIds} (a batch whose items share one
     * database transaction holds them until it commits). They are taken in id order, so two such callers cannot
     * deadlock; the same thread may take one of them again inside (the locks are reentrant).
     */
    <T> T withAll(Collection<String> txIds, Supplier<T> action) {
        return withAll(new ArrayList<>(new TreeSet<>(txIds)), 0, action);
    }

    private <T> T withAll(List<String> sorted, int from, Supplier<T> action) {
        return from == sorted.size() ? action.get() : with(sorted.get(from), () -> withAll(sorted, from + 1, action));
    }

    /** Transaction ids with an operation running or waiting (for tests). */
    int size() {
        return entries.size();
    }
}
