package dev.distlab.coordinator.idempotency;

import static dev.distlab.coordinator.Durations.human;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.distlab.configclient.ConfigException;
import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.idempotency.IdempotencyRecords.Listed;
import dev.distlab.coordinator.retention.ParallelDeletes;

/**
 * Keeps the idempotency records bounded by configuration, not by uptime (run by the retention sweep):
 * <ol>
 * <li>final records created more than {@code idempotency-retention} ago are deleted;</li>
 * <li>PENDING records that old are settled — their transaction's decision, or ABORT decided now if it never was
 * (its coordinator died before deciding) — and so become final, to go in a later sweep;</li>
 * <li>past {@code idempotency-max-records} final records, the oldest are deleted.</li>
 * </ol>
 * Every delete is If-Match on the modRevision listed, so coordinators sweeping at once, or a concurrent write, are
 * harmless; the deletes run side by side ({@link ParallelDeletes}). A PENDING record is never deleted. A retry whose record was removed runs as a new request.
 */
@Component
public class IdempotencySweep {

    private static final Logger log = LoggerFactory.getLogger(IdempotencySweep.class);

    private final IdempotencyRecords records;
    private final IdempotencyService service;
    private final ParallelDeletes deletes;
    private final BankProperties properties;
    private final BankMetrics metrics;
    /** The platform's wall clock, by which records age. */
    private final Clock clock;

    IdempotencySweep(IdempotencyRecords records, IdempotencyService service, ParallelDeletes deletes,
            BankProperties properties, BankMetrics metrics, Clock clock) {
        this.clock = clock;
        this.records = records;
        this.service = service;
        this.deletes = deletes;
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
        int settled = 0;
        List<Listed> old = new ArrayList<>();
        List<Listed> kept = new ArrayList<>();
        for (Listed listed : records.list()) {
            IdempotencyRecord r = listed.record();
            boolean expired = r.age(clock).compareTo(retention) > 0;
            if (r.isFinal() && expired) {
                old.add(listed);
            } else if (r.isFinal()) {
                kept.add(listed);
            } else if (expired && service.settleStale(listed.keyHash())) {
                settled++;
            }
        }
        int expired = deletes.each(old, records::deleteIfUnchanged).size();
        int overCap = removeOverCap(kept);
        int removed = expired + overCap;
        if (removed > 0) {
            metrics.idempotencyRecordsRemoved(removed);
        }
        if (removed > 0 || settled > 0) {
            log.info("Idempotency records: removed {} older than {} and {} over the cap of {}; settled {} PENDING "
                    + "ones older than {}", expired, human(retention), overCap, properties.idempotencyMaxRecords(),
                    settled, human(retention));
        }
        return removed;
    }

    /** Deletes the oldest final records past the cap; how many went. */
    private int removeOverCap(List<Listed> finals) {
        int excess = finals.size() - properties.idempotencyMaxRecords();
        if (excess <= 0) {
            return 0;
        }
        finals.sort(Comparator.comparing((Listed l) -> l.record().created()));
        return deletes.each(finals.subList(0, excess), records::deleteIfUnchanged).size();
    }
}
