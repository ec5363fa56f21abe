package dev.distlab.participant.bank;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background round every {@code interval} (the first one interval after start) on its own daemon thread, for
 * the bank's lifecycle beans. Stopping lets a round in progress finish, waiting up to {@code stopWait}, and then
 * interrupts it; no new round starts.
 */
final class ScheduledRounds {

    private final String threadName;
    private final Duration interval;
    private final Duration stopWait;
    private final Runnable round;
    private volatile ScheduledExecutorService executor;

    ScheduledRounds(String threadName, Duration interval, Duration stopWait, Runnable round) {
        this.threadName = threadName;
        this.interval = interval;
        this.stopWait = stopWait;
        this.round = round;
    }

    void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = ex;
    }

    void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdown();
            try {
                if (!ex.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                ex.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return executor != null;
    }
}
