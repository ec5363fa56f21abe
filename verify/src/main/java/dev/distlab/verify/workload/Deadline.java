package dev.distlab.verify.workload;

/** The end of the loaded phase: clients start no new operation once it passed or the run was stopped. */
public final class Deadline {

    private final long endNanos;
    private volatile boolean stopped;

    public Deadline(long durationNanos) {
        this.endNanos = System.nanoTime() + durationNanos;
    }

    public boolean running() {
        return !stopped && System.nanoTime() < endNanos && !Thread.currentThread().isInterrupted();
    }

    /** Ends the phase early (Ctrl-C). */
    public void stop() {
        stopped = true;
    }

    public long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }
}
