package dev.distlab.coordinator.history;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Periodic;

/**
 * Checkpoints the history every {@code platform.bank.history-checkpoint-interval}: the database forced to disk and
 * the write-ahead log emptied, so that the log holds at most that long's forced writes and a restart replays
 * little. A failure is fatal where it happens (the force, the log), so it is only logged here.
 */
@Component
class HistoryCheckpoints extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(HistoryCheckpoints.class);

    private final TransactionHistory history;

    HistoryCheckpoints(TransactionHistory history, BankProperties properties) {
        super("history-checkpoints", properties.historyCheckpointInterval(), properties.historyCheckpointInterval(),
                Duration.ofSeconds(30));
        this.history = history;
    }

    @Override
    protected void runOnce() {
        try {
            history.checkpoint();
        } catch (RuntimeException e) {
            log.error("Checkpointing the coordinator's history failed: {}", e.toString());
        }
    }
}
