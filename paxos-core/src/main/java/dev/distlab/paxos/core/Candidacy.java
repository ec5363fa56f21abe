package dev.distlab.paxos.core;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Phase 1 bookkeeping of a candidate: which acceptors promised and the best value each slot may hold. */
final class Candidacy {
    private final Ballot ballot;
    private final long fromSlot;
    private final TreeSet<Integer> promisers = new TreeSet<>();
    private final TreeMap<Long, LogEntry> best = new TreeMap<>();
    private Snapshot bestSnapshot = Snapshot.NONE;

    Candidacy(Ballot ballot, long fromSlot) {
        this.ballot = ballot;
        this.fromSlot = fromSlot;
    }

    Ballot ballot() {
        return ballot;
    }

    long fromSlot() {
        return fromSlot;
    }

    void addPromise(int from, List<LogEntry> entries, Snapshot snapshot) {
        if (!promisers.add(from)) {
            return;
        }
        if (snapshot != null && snapshot.index() > bestSnapshot.index()) {
            bestSnapshot = snapshot;
        }
        for (LogEntry e : entries) {
            LogEntry cur = best.get(e.slot());
            if (cur == null || outranks(e, cur)) {
                best.put(e.slot(), e);
            }
        }
    }

    // A value known chosen is the only value the slot can ever get; otherwise Paxos takes the highest ballot.
    private static boolean outranks(LogEntry e, LogEntry cur) {
        if (cur.chosen()) {
            return false;
        }
        return e.chosen() || e.ballot().isAbove(cur.ballot());
    }

    int promiseCount() {
        return promisers.size();
    }

    Snapshot bestSnapshot() {
        return bestSnapshot;
    }

    /** Highest slot any promiser reported; every slot that may have been chosen is at or below it. */
    long highestSlot() {
        return best.isEmpty() ? 0 : best.lastKey();
    }

    Value valueFor(long slot) {
        LogEntry e = best.get(slot);
        return e == null ? Value.NOOP : e.value();
    }
}
