package dev.distlab.coordinator.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.Self;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/**
 * The decision only in this coordinator's database (classic 2PC): a conditional update PREPARING → decided,
 * forced to disk, so the request thread and a participant's inquiry cannot both decide. A transaction this
 * database does not know is presumed aborted.
 */
@Component
public class LocalDecisionLog implements DecisionLog {

    private final TransactionHistory history;
    private final BankProperties properties;
    private final Self self;
    private final Clock clock;

    LocalDecisionLog(TransactionHistory history, BankProperties properties, Self self, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.properties = properties;
        this.self = self;
    }

    @Override
    public Mode mode() {
        return Mode.LOCAL;
    }

    @Override
    public Decision decide(String txId, Outcome proposed, String reason) {
        String why = proposed == Outcome.COMMIT ? null : reason;
        if (history.decideIfPreparing(txId, proposed.status(), why, true)) {
            return new Decision(proposed, why);
        }
        Optional<TransactionRecord> record = history.find(txId);
        if (record.isEmpty()) {
            return new Decision(Outcome.ABORT, "TIMEOUT"); // presumed abort
        }
        Outcome winner = Outcome.of(record.get().getStatus());
        if (winner == null) {
            throw new DecisionUnknownException("transaction " + txId + " is still PREPARING after its decision", null);
        }
        return new Decision(winner, record.get().getReason());
    }

    @Override
    public Optional<Outcome> read(String txId) {
        return history.findDurable(txId).map(t -> Outcome.of(t.getStatus()));
    }

    /**
     * The answer to someone waiting on this coordinator's decision: the decision if made (forced to disk before it
     * is told); for a transaction unknown here ABORT, made to stick with a tombstone; for one PREPARING past the
     * vote timeout, ABORT decided now. Empty (PENDING) while it may still be decided by its request.
     */
    public Optional<Decision> inquire(String txId) {
        Optional<TransactionRecord> found = history.findDurable(txId);
        if (found.isEmpty()) {
            if (history.tombstone(txId, Mode.LOCAL.wire(), self.id())) {
                return Optional.of(new Decision(Outcome.ABORT, "TIMEOUT"));
            }
            found = history.findDurable(txId); // it started just now
        }
        TransactionRecord tx = found.orElseThrow();
        Outcome decided = Outcome.of(tx.getStatus());
        if (decided != null) {
            return Optional.of(new Decision(decided, tx.getReason()));
        }
        if (Duration.between(tx.getCreatedAt(), clock.instant()).compareTo(properties.voteTimeout()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(decide(txId, Outcome.ABORT, "TIMEOUT"));
    }

    @Override
    public void forget(String txId) {
        // the history keeps the decision: it is the transaction's record
    }
}
