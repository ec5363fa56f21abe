package dev.distlab.participant.bank;

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

    /** Transaction ids with an operation running or waiting (for tests). */
    int size() {
        return entries.size();
    }
}
