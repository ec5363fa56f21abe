package dev.distlab.participant.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that sends, as one batch, whatever queued up while the previous batch was on the wire.
 * A full queue drops its oldest item: callers only queue what the protocol can resend or time out.
 */
final class BatchingSender<T> {

    interface Send<T> {
        /** Sends one batch; the list is reused afterwards, so it must not be kept. */
        void send(List<T> batch) throws InterruptedException;
    }

    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final Send<T> send;
    private final Thread thread;
    private volatile boolean running = true;

    BatchingSender(String threadName, int capacity, int maxBatch, Send<T> send) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.send = send;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    BatchingSender<T> start() {
        thread.start();
        return this;
    }

    void stop() {
        running = false;
    }

    void add(T item) {
        while (!queue.offer(item)) {
            queue.poll();
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        while (running) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    send.send(batch);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }
}
