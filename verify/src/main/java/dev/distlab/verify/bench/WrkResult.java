package dev.distlab.verify.bench;

import java.util.Map;

/**
 * What one wrk run measured. {@code p50Ms}/{@code p99Ms} are NaN when wrk ran without {@code --latency};
 * {@code statuses} is filled only when the run's Lua script reported its answers by status (the bank's scripts
 * do, so that 409s are told apart from other refusals), else it is empty.
 */
public record WrkResult(long requests, double seconds, double requestsPerSec, double p50Ms, double p99Ms,
        long non2xx, long socketErrors, Map<Integer, Long> statuses) {

    public WrkResult {
        statuses = Map.copyOf(statuses);
    }

    /** Answers with a 2xx status: counted by status when known, else all answers minus wrk's non-2xx count. */
    public long ok() {
        if (statuses.isEmpty()) {
            return Math.max(0, requests - non2xx);
        }
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToLong(Map.Entry::getValue).sum();
    }

    public double okPerSec() {
        return seconds > 0 ? ok() / seconds : 0;
    }

    /** Answers with this status (0 when the run did not count by status). */
    public long count(int status) {
        return statuses.getOrDefault(status, 0L);
    }

    /** One line for the progress output. */
    public String brief() {
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%s req/s, p50 %s, p99 %s",
                Fmt.rate(requestsPerSec), Fmt.ms(p50Ms), Fmt.ms(p99Ms)));
        if (non2xx > 0) {
            line.append(", non-2xx ").append(non2xx);
        }
        if (socketErrors > 0) {
            line.append(", socket errors ").append(socketErrors);
        }
        return line.toString();
    }
}
