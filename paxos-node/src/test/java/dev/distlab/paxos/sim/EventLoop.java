package dev.distlab.paxos.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/** Simulated time and what happens when: one queue of events, run in time order (ties in scheduling order). */
final class EventLoop {

    private record Event(long at, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long now = 1_000_000_000L; // nanoTime of a machine that has been up a while: never mistaken for 0
    private long seq;

    long now() {
        return now;
    }

    void after(long delayNanos, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayNanos), seq++, action));
    }

    /** Runs the next event if it is due by {@code until}; false if none is. */
    boolean runNext(long until) {
        Event next = queue.peek();
        if (next == null || next.at() > until) {
            now = Math.max(now, until);
            return false;
        }
        queue.poll();
        now = next.at();
        next.action().run();
        return true;
    }

    int pending() {
        return queue.size();
    }
}
