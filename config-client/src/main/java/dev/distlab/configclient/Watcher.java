package dev.distlab.configclient;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows a prefix of the config store on one background (daemon) thread: lists the current entries (a
 * {@link WatchListener#reset reset}), then long-polls {@code /api/watch} from that revision in a loop, handing
 * each event to the listener in revision order. After a 410 (history compacted) or any failure it starts again
 * from a fresh list, after a back-off that doubles from {@code minBackoff} to {@code maxBackoff} while the
 * failures go on. A listener that throws is logged and does not stop the watch. {@link #close()} stops it.
 */
public final class Watcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Watcher.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** How a watcher polls and backs off. */
    public record Settings(Duration pollTimeout, Duration minBackoff, Duration maxBackoff) {

        public Settings {
            if (pollTimeout.isNegative() || pollTimeout.compareTo(ConfigClient.MAX_WAIT) > 0) {
                throw new IllegalArgumentException("pollTimeout is 0 to 300 s, not " + pollTimeout);
            }
            if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
            }
        }

        /** Long-polls of 30 s; back-off from 200 ms to 5 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

    private final ConfigClient client;
    private final String prefix;
    private final WatchListener listener;
    private final Settings settings;
    private final Thread thread;
    private final CountDownLatch firstReset = new CountDownLatch(1);
    private volatile boolean running;
    private volatile long revision = -1;

    Watcher(ConfigClient client, String prefix, WatchListener listener, Settings settings) {
        this.client = client;
        this.prefix = prefix;
        this.listener = listener;
        this.settings = settings;
        this.thread = new Thread(this::run, "config-watch-" + COUNTER.incrementAndGet() + "-" + prefix);
        this.thread.setDaemon(true);
    }

    /** Starts the background thread; returns this. */
    public synchronized Watcher start() {
        if (!running && thread.getState() == Thread.State.NEW) {
            running = true;
            thread.start();
        }
        return this;
    }

    /** Waits up to {@code timeout} for the first reset to have been delivered; true if it was. */
    public boolean awaitFirstReset(Duration timeout) throws InterruptedException {
        return firstReset.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The revision the listener has seen up to; -1 before the first reset. */
    public long revision() {
        return revision;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    public String prefix() {
        return prefix;
    }

    /** Stops the watch (interrupting a long-poll in progress) and waits briefly for the thread to end. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        client.forget(this);
        if (Thread.currentThread() != thread && thread.getState() != Thread.State.NEW) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        boolean needReset = true;
        long backoff = settings.minBackoff().toMillis();
        boolean failing = false;
        while (running) {
            try {
                if (needReset) {
                    EntryList list = client.list(prefix);
                    if (!running) {
                        return;
                    }
                    deliverReset(list);
                    revision = list.revision();
                    needReset = false;
                    firstReset.countDown();
                }
                WatchResult result = client.watch(prefix, revision, settings.pollTimeout());
                for (WatchEvent event : result.events()) {
                    if (!running) {
                        return;
                    }
                    deliver(event);
                    revision = Math.max(revision, event.modRevision());
                }
                revision = Math.max(revision, result.revision());
                if (failing) {
                    LOG.log(Level.INFO, "Config watch of ''{0}'' works again, at revision {1}", prefix, revision);
                    failing = false;
                }
                backoff = settings.minBackoff().toMillis();
            } catch (CompactedException e) {
                // not a failure: the history moved on; start again from the current state at once
                LOG.log(Level.INFO, "Config watch of ''{0}'': history after revision {1} is compacted; "
                        + "reloading the current entries", prefix, revision);
                needReset = true;
            } catch (RuntimeException e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    return;
                }
                needReset = true;
                if (!failing) {
                    LOG.log(Level.WARNING, "Config watch of ''{0}'' failed, retrying with a fresh read in {1} ms "
                            + "and on: {2}", prefix, backoff, e.getMessage());
                    failing = true;
                } else {
                    LOG.log(Level.DEBUG, "Config watch of ''{0}'' still failing, retrying in {1} ms: {2}", prefix,
                            backoff, e.getMessage());
                }
                try {
                    listener.failure(e, backoff);
                } catch (RuntimeException listenerError) {
                    LOG.log(Level.WARNING, "Config watch listener failed on a failure report", listenerError);
                }
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    private void deliverReset(EntryList list) {
        try {
            listener.reset(list.revision(), list.entries());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Config watch listener of '" + prefix + "' failed on a reset at revision "
                    + list.revision() + "; going on", e);
        }
    }

    private void deliver(WatchEvent event) {
        try {
            listener.event(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Config watch listener of '" + prefix + "' failed on " + event.type() + " "
                    + event.key() + " at revision " + event.modRevision() + "; going on", e);
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
