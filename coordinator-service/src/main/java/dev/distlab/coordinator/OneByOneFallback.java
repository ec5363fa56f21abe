package dev.distlab.coordinator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Which targets get their items one by one for a while because they have no batch endpoint: a target (a participant,
 * the config store) that answered a batch with 404 (an older version) gets no batch for {@code period}, then a batch
 * is tried again (it may have been upgraded meanwhile). An episode starts with the first 404 (a warning) and ends
 * when a batch is answered (an info); a 404 within an episode only moves its end, without a log.
 */
public final class OneByOneFallback {

    private final Duration period;
    /** What a target's batches carry, for the logs ("decisions", "branch operations"). */
    private final String items;
    private final Logger log;
    private final LongSupplier nanoTime;
    /** Targets in an episode, and until when ({@link #nanoTime}) they get no batch. */
    private final Map<String, Long> batchesOffUntil = new ConcurrentHashMap<>();

    /** {@code log}: the caller's, so that the episode's logs name it. */
    public OneByOneFallback(Duration period, String items, Logger log) {
        this(period, items, log, System::nanoTime);
    }

    /** {@code nanoTime}: the clock, {@link System#nanoTime} but in tests. */
    public OneByOneFallback(Duration period, String items, Logger log, LongSupplier nanoTime) {
        this.period = period;
        this.items = items;
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code target} gets its items one by one now (it had no batch endpoint a short while ago). */
    public boolean batchesOff(String target) {
        Long until = batchesOffUntil.get(target);
        return until != null && nanoTime.getAsLong() - until < 0;
    }

    /** {@code target} answered a batch with 404 ({@code why}): no batch to it for the period from now. */
    public void noBatchEndpoint(String target, String why) {
        if (batchesOffUntil.put(target, nanoTime.getAsLong() + period.toNanos()) == null) {
            log.warn("{} has no batch endpoint ({}; an older version?): its {} go one by one, a batch is tried again "
                    + "every {} s", target, why, items, period.toSeconds());
        }
    }

    /** {@code target} answered a batch (not with 404): it takes batches (again). */
    public void batchAnswered(String target) {
        if (batchesOffUntil.remove(target) != null) {
            log.info("{} takes batches of {} again", target, items);
        }
    }
}
