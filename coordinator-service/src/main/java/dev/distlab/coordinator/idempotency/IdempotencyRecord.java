package dev.distlab.coordinator.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The value of {@code bank/idempotency/<sha256-hex of the key>}: which transaction a key started, a hash of the
 * request, who coordinates it (and where, for local mode), and its status: PENDING until phase 2 ended, then
 * COMMITTED or ABORTED with the reason.
 */
public record IdempotencyRecord(String transactionId, String requestHash, String coordinator, String coordinatorUrl,
        String mode, String createdAt, String status, String reason, String completedAt) {

    public static final String PENDING = "PENDING";

    static IdempotencyRecord pending(String txId, String requestHash, String coordinator, String coordinatorUrl,
            String mode, Instant now) {
        return new IdempotencyRecord(txId, requestHash, coordinator, coordinatorUrl, mode, now.toString(), PENDING,
                null, null);
    }

    IdempotencyRecord finished(String finalStatus, String finalReason, Instant now) {
        return new IdempotencyRecord(transactionId, requestHash, coordinator, coordinatorUrl, mode, createdAt,
                finalStatus, finalReason, now.toString());
    }

    public boolean isFinal() {
        return "COMMITTED".equals(status) || "ABORTED".equals(status);
    }

    /** How long ago it was created; zero if its time cannot be read. */
    Duration age() {
        try {
            return Duration.between(Instant.parse(createdAt), Instant.now());
        } catch (DateTimeParseException | NullPointerException e) {
            return Duration.ZERO;
        }
    }
}
