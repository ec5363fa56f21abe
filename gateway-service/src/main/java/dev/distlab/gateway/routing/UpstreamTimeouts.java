package dev.distlab.gateway.routing;

import java.time.Duration;

/**
 * How long the gateway waits for an upstream's answer: the ordinary read timeout, or for a long-poll
 * ({@code ?waitRevision=}) or watch ({@code /api/watch}) the time it asked to wait plus a margin. So a paused
 * instance holds an ordinary request for seconds, not for the longest long-poll the API allows.
 */
final class UpstreamTimeouts {

    private static final int DEFAULT_WAIT_SECONDS = 30;
    private static final int MAX_WAIT_SECONDS = 300;

    private final Duration ordinary;
    private final Duration longPollMargin;

    UpstreamTimeouts(Duration ordinary, Duration longPollMargin) {
        this.ordinary = ordinary;
        this.longPollMargin = longPollMargin;
    }

    Duration ordinary() {
        return ordinary;
    }

    /** The wait for a request to {@code path} with the raw query string (null when there is none). */
    Duration forRequest(String path, String rawQuery) {
        String query = rawQuery == null ? "" : rawQuery;
        boolean longPoll = "/api/watch".equals(path) || hasParameter(query, "waitRevision");
        if (!longPoll) {
            return ordinary;
        }
        Duration asked = Duration.ofSeconds(requestedWait(query)).plus(longPollMargin);
        return asked.compareTo(ordinary) > 0 ? asked : ordinary;
    }

    private static int requestedWait(String query) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("timeout=")) {
                try {
                    return Math.max(0, Math.min(MAX_WAIT_SECONDS, Integer.parseInt(parameter.substring(8))));
                } catch (NumberFormatException e) {
                    return DEFAULT_WAIT_SECONDS; // the upstream refuses it with 400 at once anyway
                }
            }
        }
        return DEFAULT_WAIT_SECONDS;
    }

    private static boolean hasParameter(String query, String name) {
        for (String parameter : query.split("&")) {
            if (parameter.equals(name) || parameter.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
