package dev.distlab.participant.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link BranchScope} of one batch request: its items only record their changes' images, that a sync is needed
 * and what must follow it; {@link #logChanges()} appends all the images as one record once the batch's H2
 * transaction committed, and {@link #complete()} syncs the log once for all of them, so a batch of n branch
 * operations costs one sync instead of n. The items share one freeze wait, counted from the batch's start, so a
 * batch of n prepares during a freeze answers within about one wait, not n. Used by the request's thread only.
 */
final class BatchScope implements BranchScope {

    /** What item {@code item} asked to run after the force. */
    private record Deferred(int item, Runnable whetherOrNot, Runnable onceDurable) {
    }

    private final BankLog log;
    private final long freezeDeadline;
    private final List<Deferred> deferred = new ArrayList<>();
    private final List<BankImage> changes = new ArrayList<>();
    private boolean forceNeeded;
    private boolean logged;
    private RuntimeException logFailed;
    private int item;

    BatchScope(BankLog log, Duration freezeWait) {
        this.log = log;
        this.freezeDeadline = System.nanoTime() + freezeWait.toNanos();
    }

    /** The item that runs from now on, so that what it defers is counted against it. */
    void item(int index) {
        this.item = index;
    }

    @Override
    public void force(BankImage changes, Runnable whetherOrNot, Runnable onceDurable) {
        forceNeeded = true;
        if (!changes.isEmpty()) {
            this.changes.add(changes);
        }
        deferred.add(new Deferred(item, whetherOrNot, onceDurable));
    }

    /**
     * Appends the items' changes to the log, in item order, as one record. Called once the batch's H2 transaction
     * committed and before the batch releases its transactions' locks, so that another operation on one of them,
     * answered from the database, finds these images in the log before its own sync. A failure is kept and reported
     * by {@link #complete()}, as a failed sync.
     */
    void logChanges() {
        logged = true;
        try {
            log.append(BankImage.concat(changes));
        } catch (RuntimeException e) {
            logFailed = e;
        }
    }

    @Override
    public Duration freezeWaitLeft() {
        return Duration.ofNanos(Math.max(0, freezeDeadline - System.nanoTime()));
    }

    /**
     * Syncs the log once if some item needed it, then runs what each item deferred, in item order, as its single
     * endpoint would have after its own sync. Returns the items whose deferred work failed (a single endpoint would
     * have answered 500). If the sync (or the append) fails, only the work that runs whether or not it succeeded runs
     * (every lock release), and then the failure is thrown: no answer of the batch may claim what is not on disk.
     */
    Map<Integer, RuntimeException> complete() {
        if (!logged && !changes.isEmpty()) {
            throw new IllegalStateException("a batch's changes must be logged before its transactions' locks go");
        }
        RuntimeException forceFailed = logFailed;
        if (forceNeeded && forceFailed == null) {
            try {
                log.sync();
            } catch (RuntimeException e) {
                forceFailed = e;
            }
        }
        Map<Integer, RuntimeException> failed = new HashMap<>();
        for (Deferred d : deferred) {
            run(d.item(), d.whetherOrNot(), failed);
            // an item whose deferred work failed stops there, as its single endpoint would have
            if (forceFailed == null && !failed.containsKey(d.item())) {
                run(d.item(), d.onceDurable(), failed);
            }
        }
        if (forceFailed != null) {
            throw forceFailed;
        }
        return failed;
    }

    /** The first failure of an item is what its answer reports. */
    private static void run(int item, Runnable action, Map<Integer, RuntimeException> failed) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failed.putIfAbsent(item, e);
        }
    }
}
