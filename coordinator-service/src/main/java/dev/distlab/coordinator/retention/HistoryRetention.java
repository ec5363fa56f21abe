package dev.distlab.coordinator.retention;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.history.TransactionHistory;

/**
 * Deletes completed transactions (and their branches) from this coordinator's history
 * {@code history-retention} after they completed, and only once their decision entry is forgotten. Never an
 * unfinished one: recovery needs those. Safe because a completed transaction needs nothing more from anyone; what
 * could still ask about it — a participant restored to an old disk, in doubt about a branch prepared that long ago
 * — is answered UNKNOWN rather than a presumed abort ({@code DecisionController}), and a prepare that old is
 * refused by the participants.
 */
@Component
public class HistoryRetention {

    static final int BATCH = 1000;

    private final TransactionHistory history;
    private final BankProperties properties;
    private final Clock clock;

    HistoryRetention(TransactionHistory history, BankProperties properties, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.properties = properties;
    }

    /** Removes every completed transaction due; returns how many. */
    public int removeExpired() {
        Instant cutoff = clock.instant().minus(properties.historyRetention());
        int removed = 0;
        int batch;
        do {
            batch = history.removeCompleted(cutoff, BATCH);
            removed += batch;
        } while (batch == BATCH);
        return removed;
    }
}
