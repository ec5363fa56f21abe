package dev.distlab.participant.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.common.storage.H2GroupCommit;

/**
 * The {@link BranchScope} of one batch request: its items only record that a force is needed and what must follow
 * it, and {@link #complete()} forces the disk once for all of them, so a batch of n branch operations costs one
 * force instead of n. The items share one freeze wait, counted from the batch's start, so a batch of n prepares
 * during a freeze answers within about one wait, not n. Used by the request's thread only.
 */
final class BatchScope implements BranchScope {

    /** What item {@code item} asked to run after the force. */
    private record Deferred(int item, Runnable whetherOrNot, Runnable onceDurable) {
    }

    private final H2GroupCommit disk;
    private final long freezeDeadline;
    private final List<Deferred> deferred = new ArrayList<>();
    private boolean forceNeeded;
    private int item;

    BatchScope(H2GroupCommit disk, Duration freezeWait) {
        this.disk = disk;
        this.freezeDeadline = System.nanoTime() + freezeWait.toNanos();
    }

    /** The item that runs from now on, so that what it defers is counted against it. */
    void item(int index) {
        this.item = index;
    }

    @Override
    public void force(Runnable whetherOrNot, Runnable onceDurable) {
        forceNeeded = true;
        deferred.add(new Deferred(item, whetherOrNot, onceDurable));
    }

    @Override
    public Duration freezeWaitLeft() {
        return Duration.ofNanos(Math.max(0, freezeDeadline - System.nanoTime()));
    }

    /**
     * Forces the disk once if some item needed it, then runs what each item deferred, in item order, as its single
     * endpoint would have after its own force. Returns the items whose deferred work failed (a single endpoint would
     * have answered 500). If the force fails, only the work that runs whether or not it succeeded runs (every lock
     * release), and then the force's exception is thrown: no answer of the batch may claim what is not on disk.
     */
    Map<Integer, RuntimeException> complete() {
        RuntimeException forceFailed = null;
        if (forceNeeded) {
            try {
                disk.force();
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
