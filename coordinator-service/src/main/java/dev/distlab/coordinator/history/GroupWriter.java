package dev.distlab.coordinator.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets concurrent writers of the history share one database transaction and one disk force. Under load most of
 * a history write's cost is fixed per transaction (the transaction, the session, H2's commit), so paying it once
 * for many writes is what saves the CPU.
 * <p>
 * Leader and followers, as the group commit of the disk force does: a caller who finds the writer idle writes at
 * once, on its own thread, and so pays no delay. Callers arriving meanwhile queue; when the leader's transaction
 * has committed, the first of them leads the next group: every write queued by then (at most {@code maxGroup}), in
 * arrival order, in one transaction. The leader then forces the disk once for every write of its group that needs
 * it, while the next group is already being written, and releases each caller with its own result. A caller
 * whose write needs no force is released as soon as it is committed.
 * <p>
 * A write that fails must not fail the others that happened to share its transaction: if the group's transaction
 * fails, its writes are written again one by one, each in its own transaction, so each caller gets the result or
 * the exception it would have got alone.
 */
final class GroupWriter {

    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);

    /** Runs {@code work} in one database transaction: committed when this returns, rolled back if it throws. */
    interface Transactions {
        void inOne(Runnable work);
    }

    /**
     * One caller's write: its statements (run inside a transaction the writer opened) and whether it must be on
     * disk before its caller is released; {@code beforeForce} runs after its commit, before the force.
     */
    record Write<T>(Supplier<T> statements, boolean forced, Runnable beforeForce) {

        /** Released once committed. */
        static <T> Write<T> unforced(Supplier<T> statements) {
            return new Write<>(statements, false, () -> {
            });
        }

        /** Released once committed and forced to disk. */
        static <T> Write<T> forced(Supplier<T> statements) {
            return forced(statements, () -> {
            });
        }

        static <T> Write<T> forced(Supplier<T> statements, Runnable beforeForce) {
            return new Write<>(statements, true, beforeForce);
        }
    }

    private final int maxGroup;
    private final int maxQueued;
    private final Transactions transactions;
    private final Runnable force;
    private final IntConsumer groupSizes;

    /** Guards the fields below. */
    private final Object lock = new Object();
    /** Writes waiting for a group, oldest first; the first is the next leader's own. */
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    /** A group is being written, or its leader chosen: a new caller queues. */
    private boolean writing;
    /** Callers waiting for room in the queue. */
    private int waitingForRoom;

    /**
     * @param maxGroup most writes in one transaction
     * @param maxQueued most writes waiting for a group; later callers wait for room
     * @param transactions runs a group's writes one after another in one transaction, in which each write must
     *        find the rows the writes before it left, as it would in a transaction of its own (the history's plain
     *        JDBC statements do)
     * @param force forces everything committed so far to disk, or throws
     * @param groupSizes told the size of every group written
     */
    GroupWriter(int maxGroup, int maxQueued, Transactions transactions, Runnable force, IntConsumer groupSizes) {
        if (maxGroup < 1 || maxQueued < maxGroup) {
            throw new IllegalArgumentException("a group holds at least one write, and the queue at least a group");
        }
        this.maxGroup = maxGroup;
        this.maxQueued = maxQueued;
        this.transactions = transactions;
        this.force = force;
        this.groupSizes = groupSizes;
    }

    /**
     * Writes and returns once the write is committed (and forced, if it asks); throws what its statements, its
     * transaction, its {@code beforeForce} or the force threw.
     */
    <T> T write(Write<T> write) {
        Pending<T> mine = new Pending<>(write);
        boolean leading;
        synchronized (lock) {
            awaitRoom();
            queue.add(mine);
            leading = !writing;
            writing = true;
        }
        if (leading || mine.awaitTurn()) {
            lead();
        }
        return mine.outcome();
    }

    /** Writes waiting for a group (for tests). */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Callers waiting for room in the queue (for tests). */
    int waitingForRoom() {
        synchronized (lock) {
            return waitingForRoom;
        }
    }

    /**
     * Uninterruptibly, as every wait here: a caller that left while its write is queued could not be told whether
     * it was written, and a leader that left would stop the queue.
     */
    private void awaitRoom() {
        boolean interrupted = false;
        while (queue.size() >= maxQueued) {
            waitingForRoom++;
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                waitingForRoom--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** This caller's write heads the queue: writes its group, hands over, then forces and releases the group. */
    private void lead() {
        List<Pending<?>> group = new ArrayList<>();
        try {
            synchronized (lock) {
                while (!queue.isEmpty() && group.size() < maxGroup) {
                    group.add(queue.poll());
                }
                lock.notifyAll(); // room for those waiting
            }
            groupSizes.accept(group.size());
            commit(group);
        } catch (RuntimeException | Error e) { // a safety net: commit() answers its own failures
            group.forEach(p -> p.failIfOpen(e));
        } finally {
            handOver();
        }
        settle(group);
    }

    /** The next group's leader is the oldest waiting caller; with none, the next caller writes at once. */
    private void handOver() {
        synchronized (lock) {
            Pending<?> next = queue.peek();
            if (next == null) {
                writing = false;
            } else {
                next.lead();
            }
        }
    }

    /** Commits the group in one transaction; if that fails, each of its writes in a transaction of its own. */
    private void commit(List<Pending<?>> group) {
        try {
            transactions.inOne(() -> group.forEach(Pending::run));
            return;
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.get(0).failIfOpen(e);
                return;
            }
            log.debug("A group of {} history writes failed ({}); writing them one by one", group.size(), e.toString());
        }
        for (Pending<?> p : group) {
            try {
                transactions.inOne(p::run);
            } catch (RuntimeException | Error e) {
                p.failIfOpen(e);
            }
        }
    }

    /**
     * Releases the writes that need no force, then forces the disk once for the others (after their
     * {@code beforeForce}, in arrival order) and releases them: a failed force fails every one that needed it.
     */
    private void settle(List<Pending<?>> group) {
        List<Pending<?>> toForce = new ArrayList<>();
        for (Pending<?> p : group) {
            if (p.write.forced() && !p.failed()) {
                toForce.add(p);
            } else {
                p.release();
            }
        }
        if (toForce.isEmpty()) {
            return;
        }
        try {
            boolean anyLeft = false;
            for (Pending<?> p : toForce) {
                try {
                    p.write.beforeForce().run();
                    anyLeft = true;
                } catch (RuntimeException e) {
                    p.failIfOpen(e);
                }
            }
            if (anyLeft) {
                force.run();
            }
        } catch (RuntimeException | Error e) {
            toForce.forEach(p -> p.failIfOpen(e));
        } finally {
            toForce.forEach(Pending::release);
        }
    }

    /** A caller's write on its way: queued, then led or written by another caller's thread, then released. */
    private static final class Pending<T> {

        private enum State {
            QUEUED, LEADING, RELEASED
        }

        final Write<T> write;
        /** Guarded by this; the fields below are set by the writing thread before {@link #release()}. */
        private State state = State.QUEUED;
        private T result;
        private Throwable failure;

        Pending(Write<T> write) {
            this.write = write;
        }

        /** Runs the statements; a later run (alone, after the group failed) replaces the result. */
        void run() {
            result = write.statements().get();
        }

        void failIfOpen(Throwable e) {
            if (failure == null) {
                failure = e;
            }
        }

        boolean failed() {
            return failure != null;
        }

        synchronized void lead() {
            state = State.LEADING;
            notifyAll();
        }

        synchronized void release() {
            state = State.RELEASED;
            notifyAll();
        }

        /** Waits (uninterruptibly, see {@link GroupWriter#awaitRoom()}) to lead a group or be released: true to lead. */
        synchronized boolean awaitTurn() {
            boolean interrupted = false;
            while (state == State.QUEUED) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return state == State.LEADING;
        }

        synchronized T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
