package dev.distlab.coordinator.participant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The branch operations on their way to one participant. While {@code maxInFlight} calls to it are under way, new
 * operations wait here, and the next call carries every operation that waited, up to {@code maxItems}. Nothing waits
 * while the participant is idle, so a lone transaction pays no delay; under load one request, and one disk force at
 * the participant, serve the branches of many transactions. An operation whose answer is already settled (it timed
 * out while it waited) is not sent.
 */
final class BranchQueue {

    /** Sends one batch (never empty) without blocking; calls {@code done} once the call is over. */
    interface Sender {
        void send(List<BranchCall> batch, Runnable done);
    }

    private final int maxItems;
    private final int maxInFlight;
    private final Sender sender;
    /** Guarded by this. */
    private final ArrayDeque<BranchCall> waiting = new ArrayDeque<>();
    /** Guarded by this. */
    private int inFlight;

    BranchQueue(int maxItems, int maxInFlight, Sender sender) {
        if (maxItems < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("a batch holds at least one operation and one call may be in flight");
        }
        this.maxItems = maxItems;
        this.maxInFlight = maxInFlight;
        this.sender = sender;
    }

    void submit(BranchCall call) {
        List<BranchCall> batch;
        synchronized (this) {
            waiting.add(call);
            batch = nextBatch();
        }
        dispatch(batch);
    }

    /** Operations waiting for a call. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void finished() {
        List<BranchCall> batch;
        synchronized (this) {
            inFlight--;
            batch = nextBatch();
        }
        dispatch(batch);
    }

    /** The operations the next call carries, or null if no call may start now. Holding the lock. */
    private List<BranchCall> nextBatch() {
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            List<BranchCall> batch = new ArrayList<>(Math.min(waiting.size(), maxItems));
            while (!waiting.isEmpty() && batch.size() < maxItems) {
                BranchCall next = waiting.poll();
                if (!next.answer().isDone()) {
                    batch.add(next);
                }
            }
            if (!batch.isEmpty()) {
                inFlight++;
                return batch;
            }
        }
        return null;
    }

    private void dispatch(List<BranchCall> batch) {
        if (batch == null) {
            return;
        }
        AtomicBoolean over = new AtomicBoolean();
        Runnable done = () -> {
            if (over.compareAndSet(false, true)) {
                finished();
            }
        };
        try {
            sender.send(batch, done);
        } catch (RuntimeException e) {
            batch.forEach(call -> call.answer().completeExceptionally(e));
            done.run();
        }
    }
}
