package dev.distlab.coordinator;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * Periodic work as a lifecycle bean: {@link #runOnce()} on its own daemon thread, first after {@code firstDelay},
 * then every {@code interval} until stopped. It handles its own failures (a RuntimeException that escapes ends the
 * thread). Stopping wakes the thread without an interrupt (it could close H2's files in the middle of a write) and
 * waits up to {@code stopWait} for a run in progress.
 */
public abstract class Periodic implements SmartLifecycle {

    private final String name;
    private final Duration firstDelay;
    private final Duration interval;
    private final Duration stopWait;
    private final Object sleeper = new Object();
    private volatile boolean running;
    private volatile Thread thread;

    protected Periodic(String name, Duration firstDelay, Duration interval, Duration stopWait) {
        this.name = name;
        this.firstDelay = firstDelay;
        this.interval = interval;
        this.stopWait = stopWait;
    }

    /** One run. */
    protected abstract void runOnce();

    private void loop() {
        Duration wait = firstDelay;
        while (pause(wait)) {
            runOnce();
            wait = interval;
        }
    }

    /** Waits {@code d} unless stopped; whether still running. */
    private boolean pause(Duration d) {
        synchronized (sleeper) {
            try {
                if (running && d.toMillis() > 0) {
                    sleeper.wait(d.toMillis());
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return running;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(stopWait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
