package dev.distlab.gateway.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * A round run once per interval on a daemon thread of its own, from the application's start to its stop (a bean:
 * Spring starts and stops it). A round that throws ends the schedule: rounds catch what they can survive.
 */
public final class PeriodicRounds implements SmartLifecycle {

    private final String threadName;
    private final Duration interval;
    private final boolean fixedRate;
    private final Runnable round;
    private volatile ScheduledExecutorService scheduler;

    private PeriodicRounds(String threadName, Duration interval, boolean fixedRate, Runnable round) {
        this.threadName = threadName;
        this.interval = interval;
        this.fixedRate = fixedRate;
        this.round = round;
    }

    /** The first round at once, each next one an interval after the previous ended. */
    public static PeriodicRounds withFixedDelay(String threadName, Duration interval, Runnable round) {
        return new PeriodicRounds(threadName, interval, false, round);
    }

    /** The first round one interval after start, then one per interval however long each takes (never two at once). */
    public static PeriodicRounds atFixedRate(String threadName, Duration interval, Runnable round) {
        return new PeriodicRounds(threadName, interval, true, round);
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        if (fixedRate) {
            executor.scheduleAtFixedRate(round, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            executor.scheduleWithFixedDelay(round, 0, millis, TimeUnit.MILLISECONDS);
        }
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
