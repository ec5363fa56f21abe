package dev.distlab.configclient;

import java.util.List;

/**
 * The answer of one watch call: every change after the requested revision in revision order (empty when the
 * wait timed out). Continue with {@code afterRevision = revision}.
 */
public record WatchResult(long revision, List<WatchEvent> events) {

    public WatchResult {
        events = List.copyOf(events);
    }
}
