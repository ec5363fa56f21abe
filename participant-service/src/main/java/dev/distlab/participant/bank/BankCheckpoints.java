package dev.distlab.participant.bank;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checkpoints the bank every {@code platform.bank.checkpoint-interval}: H2 forced and the write-ahead log emptied,
 * so that the log holds at most that long's changes and a restart replays little. A failure is fatal where it
 * happens (the force, the log), so it is only logged here.
 */
class BankCheckpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BankCheckpoints.class);

    private final BankLog bankLog;
    private final ScheduledRounds rounds;

    BankCheckpoints(BankLog bankLog, Duration interval) {
        this.bankLog = bankLog;
        this.rounds = new ScheduledRounds("bank-checkpoints", interval, Duration.ofSeconds(30), this::round);
    }

    private void round() {
        try {
            bankLog.checkpoint();
        } catch (RuntimeException e) {
            log.error("Checkpointing the bank failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        rounds.start();
    }

    @Override
    public void stop() {
        rounds.stop();
    }

    @Override
    public boolean isRunning() {
        return rounds.isRunning();
    }
}
