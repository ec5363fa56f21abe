package dev.distlab.coordinator.txn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The transactions of this coordinator that touch the same account take turns: the later one waits, first come
 * first served, until every participant has answered the earlier one's phase 2, instead of preparing at once and
 * being refused with a CONFLICT vote by the participant that holds the account's lock. A refused transaction costs
 * most of what a committed one does (its record, its prepares, its decision, its aborts); a wait costs only time.
 * <p>
 * Only an optimization: the participants' locks are what keeps transactions apart (several coordinators, recovery,
 * a participant's lock that outlives the turn). A transaction waits at most {@code longest} in all, then goes on
 * without the turns it has not got, and its participants decide as they would have. Turns are taken in account
 * order, so two transactions never wait for each other. An account's entry lives only while a transaction holds or
 * waits for its turn: the table grows with the transactions under way, not with the accounts.
 */
final class AccountTurns {

    /** What a transaction holds until every participant has answered its phase 2. */
    interface Held {
        /** Hands every turn held to the next waiting transaction; once only, later calls do nothing. */
        void release();
    }

    /** Hears every wait: how long it took and whether the transaction got all its turns in time. */
    interface WaitListener {
        void waited(long nanos, boolean gotAll);
    }

    private static final Held NOTHING = () -> {
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
     * was got, to be released once every participant has answered the transaction's phase 2. Never throws: an
     * interrupted wait ends it, with the thread's interrupt flag set again.
     */
    Held take(Collection<String> accounts) {
        if (longest.isZero() || accounts.isEmpty()) {
            return NOTHING;
        }
        long deadline = System.nanoTime() + longest.toNanos();
        long start = 0;
        boolean interrupted = false;
        boolean gotAll = true;
        List<String> held = new ArrayList<>(accounts.size());
        for (String account : new TreeSet<>(accounts)) {
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
                held.add(account);
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
        return held.isEmpty() ? NOTHING : new Release(held, this::giveBack);
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

    private void giveBack(String account) {
        turns.get(account).permit.release();
        leave(account);
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

    /** The turns one transaction holds. */
    private static final class Release implements Held {
        private final List<String> accounts;
        private final Consumer<String> giveBack;
        private boolean released;

        Release(List<String> accounts, Consumer<String> giveBack) {
            this.accounts = accounts;
            this.giveBack = giveBack;
        }

        @Override
        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            accounts.forEach(giveBack);
        }
    }
}
