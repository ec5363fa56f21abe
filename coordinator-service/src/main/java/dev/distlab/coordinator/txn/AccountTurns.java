package dev.distlab.coordinator.txn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The transactions of this coordinator that touch the same account take turns: the later one waits, first come
 * first served, until the participant that has the account has answered the earlier one's phase 2 (and so let go of
 * the account's lock), instead of preparing at once and being refused with a CONFLICT vote by that participant. A
 * refused transaction costs most of what a committed one does (its record, its prepares, its decision, its aborts);
 * a wait costs only time.
 * <p>
 * Only an optimization: the participants' locks are what keeps transactions apart (several coordinators, recovery,
 * a participant's lock that outlives the turn). A transaction waits at most {@code longest} in all, then goes on
 * without the turns it has not got, and its participants decide as they would have. Turns are taken in account
 * order, so two transactions never wait for each other. An account's entry lives only while a transaction holds or
 * waits for its turn: the table grows with the transactions under way, not with the accounts.
 */
final class AccountTurns {

    /** The turns a transaction holds, each until the participant that has its account answered phase 2. */
    interface Held {
        /** Hands on the turns of the accounts at {@code participant}; once only, later calls do nothing. */
        void release(String participant);

        /** Hands on every turn still held; once only, later calls do nothing. */
        void release();
    }

    /** Hears every wait: how long it took and whether the transaction got all its turns in time. */
    interface WaitListener {
        void waited(long nanos, boolean gotAll);
    }

    /** Holds no turn. */
    static final Held NOTHING = new Held() {
        @Override
        public void release(String participant) {
        }

        @Override
        public void release() {
        }
    };

    private final Duration longest;
    private final WaitListener waits;
    private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();

    /** {@code longest}: the longest a transaction waits in all (zero: never, every transaction goes at once). */
    AccountTurns(Duration longest, WaitListener waits) {
        this.longest = longest;
        this.waits = waits;
    }

    /**
     * Waits for the turn of every account (each once, in account order), up to the longest wait in all; returns what
     * was got, each turn to be released once the participant that has its account answered the transaction's phase
     * 2. Never throws: an interrupted wait ends it, with the thread's interrupt flag set again.
     *
     * @param accounts the transaction's accounts by the participant that has them
     */
    Held take(Map<String, ? extends Collection<String>> accounts) {
        if (longest.isZero() || accounts.isEmpty()) {
            return NOTHING;
        }
        TreeMap<String, String> participantOf = new TreeMap<>();
        accounts.forEach((participant, ids) -> ids.forEach(account -> participantOf.put(account, participant)));
        long deadline = System.nanoTime() + longest.toNanos();
        long start = 0;
        boolean interrupted = false;
        boolean gotAll = true;
        Map<String, List<String>> held = new HashMap<>();
        for (String account : participantOf.keySet()) {
            Turn turn = turns.compute(account, (k, t) -> (t == null ? new Turn() : t).enter());
            boolean got = false;
            try {
                // timed even when free: the untimed tryAcquire() would overtake those already waiting
                got = !interrupted && turn.permit.tryAcquire(0, TimeUnit.NANOSECONDS);
                if (!got && !interrupted) {
                    start = start == 0 ? System.nanoTime() : start;
                    got = turn.permit.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (got) {
                held.computeIfAbsent(participantOf.get(account), p -> new ArrayList<>()).add(account);
            } else {
                leave(account);
                gotAll = false;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (start != 0) {
            waits.waited(System.nanoTime() - start, gotAll);
        }
        return held.isEmpty() ? NOTHING : new Release(held);
    }

    /** Transactions waiting for the account's turn (for tests). */
    int waiting(String account) {
        Turn turn = turns.get(account);
        return turn == null ? 0 : turn.permit.getQueueLength();
    }

    /** Accounts with a transaction holding or waiting for their turn (for tests: the table's size). */
    int accounts() {
        return turns.size();
    }

    /** One transaction less holds or waits for the account's turn; the last one removes its entry. */
    private void leave(String account) {
        turns.computeIfPresent(account, (k, t) -> t.exit() ? null : t);
    }

    /** An account's turn: one permit, handed out in arrival order, and how many hold or wait for it. */
    private static final class Turn {
        final Semaphore permit = new Semaphore(1, true);
        /** Changed only inside the map's compute, which serializes it. */
        int users;

        Turn enter() {
            users++;
            return this;
        }

        /** True when nobody is left. */
        boolean exit() {
            return --users == 0;
        }
    }

    /** The turns one transaction holds, by the participant that has their accounts. */
    private final class Release implements Held {
        private final Map<String, List<String>> accounts;

        Release(Map<String, List<String>> accounts) {
            this.accounts = accounts;
        }

        @Override
        public synchronized void release(String participant) {
            List<String> theirs = accounts.remove(participant);
            if (theirs != null) {
                theirs.forEach(this::giveBack);
            }
        }

        @Override
        public synchronized void release() {
            accounts.values().forEach(theirs -> theirs.forEach(this::giveBack));
            accounts.clear();
        }

        private void giveBack(String account) {
            turns.get(account).permit.release();
            leave(account);
        }
    }
}
