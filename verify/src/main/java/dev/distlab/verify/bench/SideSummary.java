package dev.distlab.verify.bench;

import java.util.List;

/**
 * One side of a comparison over all its rounds: the medians of requests/s, 2xx/s, p50 and p99, and the sums of
 * what went wrong (non-2xx answers, 409s among them, socket errors).
 */
record SideSummary(String label, int rounds, double requestsPerSec, double okPerSec, double p50Ms, double p99Ms,
        long non2xx, long conflicts, long socketErrors) {

    static SideSummary of(String label, List<WrkResult> runs) {
        return new SideSummary(label, runs.size(), Stats.median(runs.stream().map(WrkResult::requestsPerSec).toList()),
                Stats.median(runs.stream().map(WrkResult::okPerSec).toList()),
                Stats.median(runs.stream().map(WrkResult::p50Ms).toList()),
                Stats.median(runs.stream().map(WrkResult::p99Ms).toList()),
                runs.stream().mapToLong(WrkResult::non2xx).sum(), runs.stream().mapToLong(r -> r.count(409)).sum(),
                runs.stream().mapToLong(WrkResult::socketErrors).sum());
    }

    /** The median p50 of this side minus the other's: what a hop in front of {@code direct} adds. */
    double addedP50Over(SideSummary direct) {
        return p50Ms - direct.p50Ms;
    }

    /** Median requests/s of this side over the other's. */
    double throughputRatio(SideSummary other) {
        return Stats.ratio(requestsPerSec, other.requestsPerSec);
    }
}
