package dev.distlab.coordinator.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The value of {@code bank/idempotency/<sha256-hex of the key>}: which transaction a key started, a hash of the
 * request, who coordinates it (and where, for local mode), and its status: PENDING until phase 2 ended, then
 * COMMITTED or ABORTED with the reason. A final record is compact: only what a retry is answered from and what
 * the retention sweep needs (about 200 bytes), because the store keeps up to idempotency-max-records of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdempotencyRecord(String transactionId, String requestHash, String coordinator, String coordinatorUrl,
        String mode, String createdAt, String status, String reason, String completedAt) {

    public static final String PENDING = "PENDING";

    static IdempotencyRecord pending(String txId, String requestHash, String coordinator, String coordinatorUrl,
            String mode, Instant now) {
        return new IdempotencyRecord(txId, requestHash, coordinator, coordinatorUrl, mode, now.toString(), PENDING,
                null, null);
    }

    /** The compact final record: who ran it and when it completed are in that coordinator's history. */
    IdempotencyRecord finished(String finalStatus, String finalReason) {
        return new IdempotencyRecord(transactionId, requestHash, null, null, null, createdAt, finalStatus, finalReason,
                null);
    }

    @JsonIgnore
    public boolean isFinal() {
        return "COMMITTED".equals(status) || "ABORTED".equals(status);
    }

    /** When it was created; the epoch if its time cannot be read (so the cap evicts it first). */
    Instant created() {
        try {
            return Instant.parse(createdAt);
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.EPOCH;
        }
    }

    /** How long ago, by {@code clock}, it was created; zero if its time cannot be read. */
    Duration age(Clock clock) {
        try {
            return Duration.between(Instant.parse(createdAt), clock.instant());
        } catch (DateTimeParseException | NullPointerException e) {
            return Duration.ZERO;
        }
    }
}
