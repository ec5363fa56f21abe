package dev.distlab.configclient;

import java.util.List;

/**
 * What a {@link Watcher} reports, always from its one thread and in order. After {@link #reset} the listener's
 * view is exactly {@code entries}; each {@link #event} then changes it by one write.
 */
public interface WatchListener {

    /**
     * The complete current state under the prefix, as of {@code revision}: at start, and again after the watch
     * had to be restarted (history compacted, or an error). Replace everything known with these entries.
     */
    void reset(long revision, List<Entry> entries);

    /** One change after the last reset, in revision order. */
    void event(WatchEvent event);

    /** The watch failed and restarts with a reset after {@code retryInMillis}; for logging or metrics. */
    default void failure(Exception error, long retryInMillis) {
    }
}
