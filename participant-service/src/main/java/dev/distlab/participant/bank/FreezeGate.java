package dev.distlab.participant.bank;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The snapshot freeze. While any snapshot holds a freeze, new prepares wait (bounded) for it to lift. A
 * prepare is admitted atomically with respect to a freeze starting, and counted until it has voted, so a
 * snapshot that found no admitted prepare and no PREPARED branch cannot be overtaken by a prepare that
 * slipped in. Each freeze lapses by itself after its lapse time.
 */
class FreezeGate {

    /** Snapshot id → the System.nanoTime at which its freeze lapses. */
    private final Map<String, Long> freezes = new HashMap<>();
    private int admitted;
    private int waiting;

    /** Lets a new prepare in, waiting up to {@code maxWait} for every freeze to lift; false if one still holds. */
    synchronized boolean admit(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long now = System.nanoTime();
            purge(now);
            if (freezes.isEmpty()) {
                admitted++;
                return true;
            }
            long wait = deadline - now;
            if (wait <= 0) {
                return false;
            }
            long nextLapse = freezes.values().stream().mapToLong(d -> d - now).min().orElse(wait);
            waiting++;
            try {
                waitNanos(Math.min(wait, Math.max(nextLapse, 1)));
            } finally {
                waiting--;
            }
        }
    }

    /** Prepares held back by a freeze right now. */
    synchronized int waiting() {
        return waiting;
    }

    /** An admitted prepare has voted (or failed). */
    synchronized void leave() {
        admitted--;
        notifyAll();
    }

    /** Starts (or renews) the freeze of one snapshot. */
    synchronized void freeze(String snapshotId, Duration lapse) {
        freezes.put(snapshotId, System.nanoTime() + lapse.toNanos());
    }

    /** Ends one snapshot's freeze; true if it was still in force (had not lapsed). */
    synchronized boolean release(String snapshotId) {
        purge(System.nanoTime());
        boolean held = freezes.remove(snapshotId) != null;
        notifyAll();
        return held;
    }

    /** Whether this snapshot's freeze is in force. */
    synchronized boolean holds(String snapshotId) {
        purge(System.nanoTime());
        return freezes.containsKey(snapshotId);
    }

    /**
     * Waits until no admitted prepare is in progress and {@code prepared} reports no PREPARED branch, at most
     * {@code timeout}; true if drained. Meant to run while a freeze holds new prepares back.
     */
    synchronized boolean awaitDrained(Duration timeout, IntSupplier prepared) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (admitted == 0 && prepared.getAsInt() == 0) {
                return true;
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return false;
            }
            // woken by leave() and by released locks; the bound covers branches ended in other ways
            waitNanos(Math.min(wait, Duration.ofMillis(10).toNanos()));
        }
    }

    /** Something that a drain waits for has changed. */
    synchronized void changed() {
        notifyAll();
    }

    private void purge(long now) {
        freezes.values().removeIf(lapseAt -> lapseAt - now <= 0);
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long millis = nanos / 1_000_000;
        wait(millis, (int) (nanos % 1_000_000));
    }
}
