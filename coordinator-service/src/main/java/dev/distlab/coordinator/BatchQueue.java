package dev.distlab.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls on their way to one service, batched: while {@code maxInFlight} calls to it are under way, new items wait
 * here, and the next call carries every item that waited, up to {@code maxItems}. Nothing waits while the service is
 * idle, so a lone item pays no delay; under load one request serves many. An item whose answer is already settled
 * (it timed out while it waited) is not sent. At most {@code capacity} items wait; one more is refused at once, its
 * answer failed with {@link RejectedExecutionException} (it was not sent).
 * <p>
 * Used for the branch operations sent to a participant and for the decisions written to the config store.
 */
public final class BatchQueue<T extends BatchQueue.Item> {

    /** An item: what it is sent for and the answer its caller waits on. */
    public interface Item {
        CompletableFuture<?> answer();
    }

    /** Sends one batch (never empty) without blocking; calls {@code done} once the call is over. */
    public interface Sender<T> {
        void send(List<T> batch, Runnable done);
    }

    private final int maxItems;
    private final int maxInFlight;
    private final int capacity;
    private final Sender<T> sender;
    /** Guarded by this. */
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    /** Guarded by this. */
    private int inFlight;

    public BatchQueue(int maxItems, int maxInFlight, int capacity, Sender<T> sender) {
        if (maxItems < 1 || maxInFlight < 1 || capacity < maxItems) {
            throw new IllegalArgumentException("a batch holds at least one item, one call may be in flight and at "
                    + "least a batch may wait");
        }
        this.maxItems = maxItems;
        this.maxInFlight = maxInFlight;
        this.capacity = capacity;
        this.sender = sender;
    }

    public void submit(T item) {
        List<T> batch = null;
        boolean admitted;
        synchronized (this) {
            admitted = waiting.size() < capacity;
            if (admitted) {
                waiting.add(item);
                batch = nextBatch();
            }
        }
        if (!admitted) {
            item.answer().completeExceptionally(new RejectedExecutionException("refused without sending: "
                    + capacity + " calls were already waiting for their turn"));
            return;
        }
        dispatch(batch);
    }

    /** Items waiting for a call. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void finished() {
        List<T> batch;
        synchronized (this) {
            inFlight--;
            batch = nextBatch();
        }
        dispatch(batch);
    }

    /** The items the next call carries, or null if no call may start now. Holding the lock. */
    private List<T> nextBatch() {
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            List<T> batch = new ArrayList<>(Math.min(waiting.size(), maxItems));
            while (!waiting.isEmpty() && batch.size() < maxItems) {
                T next = waiting.poll();
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

    private void dispatch(List<T> batch) {
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
            batch.forEach(item -> item.answer().completeExceptionally(e));
            done.run();
        }
    }
}
