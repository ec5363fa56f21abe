package dev.distlab.participant.replication;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Notices a protocol thread that stopped moving (a deadlock, an endless loop, a disk call that never returns)
 * and reports it once. The thread calls {@link #beat()} on every pass of its loop, at least once a tick.
 *
 * <p>A paused process (SIGSTOP, a long GC pause, a suspended VM) is not a stall: the watchdog was paused too,
 * so when it wakes up much later than it meant to, it gives the protocol thread a fresh stall timeout from
 * that moment instead of counting the pause against it.
 */
final class ProtocolWatchdog {

    private final Thread watched;
    private final long stallNanos;
    private final long checkNanos;
    private final Consumer<Duration> onStall;
    private final Thread thread;
    private volatile long lastBeat = System.nanoTime();
    private volatile long resumedAt = System.nanoTime();
    private volatile boolean stalled;
    private volatile boolean stopped;

    ProtocolWatchdog(Thread watched, Duration stallTimeout, Consumer<Duration> onStall) {
        this.watched = watched;
        this.stallNanos = stallTimeout.toNanos();
        this.checkNanos = Math.max(1_000_000, Math.min(stallNanos / 10, 1_000_000_000L));
        this.onStall = onStall;
        this.thread = new Thread(this::watch, watched.getName() + "-watchdog");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    void beat() {
        lastBeat = System.nanoTime();
    }

    /** True once the watchdog saw the protocol thread not beat for a stall timeout (pauses excluded). */
    boolean stalled() {
        return stalled;
    }

    private long stalledFor(long now) {
        return now - Math.max(lastBeat, resumedAt);
    }

    private void watch() {
        long lastWake = System.nanoTime();
        while (!stopped) {
            try {
                Thread.sleep(checkNanos / 1_000_000, (int) (checkNanos % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastWake > 3 * checkNanos) {
                resumedAt = now; // the whole process was paused: the protocol thread could not run either
            }
            lastWake = now;
            if (!stalled && watched.isAlive() && stalledFor(now) >= stallNanos) {
                stalled = true;
                onStall.accept(Duration.ofNanos(stalledFor(now)));
                return;
            }
        }
    }
}
