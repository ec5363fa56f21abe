package dev.distlab.coordinator.idempotency;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.distlab.configclient.ConfigException;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Periodic;

/**
 * Keeps the idempotency records from growing without bound: shortly after start and then every
 * {@code idempotency-sweep-interval}, final records older than {@code idempotency-retention} are deleted, each with
 * If-Match on the modRevision listed (so coordinators sweeping at once, or a concurrent write, are harmless).
 * PENDING records are never deleted. A key retried after its record was removed runs again.
 */
@Component
public class IdempotencySweep extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(IdempotencySweep.class);
    /** The first sweep waits this long (or the interval, if shorter), so that it does not compete with starting. */
    private static final Duration FIRST_DELAY = Duration.ofSeconds(10);

    private final IdempotencyRecords records;
    private final BankProperties properties;
    private final BankMetrics metrics;

    IdempotencySweep(IdempotencyRecords records, BankProperties properties, BankMetrics metrics) {
        super("coordinator-idempotency-sweep", firstDelay(properties.idempotencySweepInterval()),
                properties.idempotencySweepInterval(), properties.storeTimeout().plusSeconds(1));
        this.records = records;
        this.properties = properties;
        this.metrics = metrics;
        metrics.idempotencyRecordsRemoved(0); // shown from the start
    }

    /**
     * One sweep; returns how many records it removed.
     *
     * @throws ConfigException if the store cannot be reached (records removed before that stay removed)
     */
    public int sweep() {
        Duration retention = properties.idempotencyRetention();
        int removed = records.removeExpired(retention);
        if (removed > 0) {
            metrics.idempotencyRecordsRemoved(removed);
            log.info("Removed {} idempotency records older than {}", removed, human(retention));
        }
        return removed;
    }

    private static Duration firstDelay(Duration interval) {
        return FIRST_DELAY.compareTo(interval) < 0 ? FIRST_DELAY : interval;
    }

    @Override
    protected void runOnce() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Removing old idempotency records failed ({}); trying again in {}",
                    e instanceof ConfigException ? e.getMessage() : e.toString(),
                    human(properties.idempotencySweepInterval()));
        }
    }

    /** 24h, 10m, 30s or 1500ms. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
