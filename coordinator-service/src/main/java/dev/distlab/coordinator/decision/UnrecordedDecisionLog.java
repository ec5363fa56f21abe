package dev.distlab.coordinator.decision;

import java.util.Optional;

import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/**
 * The planted bug of {@code platform.unsafe.skip-decision-record} (for teaching): a request's decision is only
 * noted in the history, unforced, and phase 2 starts at once. In paxos mode nothing is written to
 * {@code tx/<txId>/decision}, so a participant in doubt finds no decision and writes ABORT, and recovery after a
 * crash does the same; in local mode the decision row can still be lost to a crash, and recovery then aborts what
 * a participant may already have committed. Reads and retention go to the real log.
 */
final class UnrecordedDecisionLog implements DecisionLog {

    private final DecisionLog recorded;
    private final TransactionHistory history;

    UnrecordedDecisionLog(DecisionLog recorded, TransactionHistory history) {
        this.recorded = recorded;
        this.history = history;
    }

    @Override
    public Mode mode() {
        return recorded.mode();
    }

    @Override
    public Decision decide(String txId, Outcome proposed, String reason) {
        String why = proposed == Outcome.COMMIT ? null : reason;
        if (history.decideIfPreparing(txId, proposed.status(), why, false)) {
            return new Decision(proposed, why);
        }
        // someone decided first here (a local-mode inquiry past the vote timeout): that decision holds
        Optional<TransactionRecord> record = history.find(txId);
        Outcome winner = record.map(t -> Outcome.of(t.getStatus())).orElse(null);
        return winner == null ? new Decision(proposed, why) : new Decision(winner, record.get().getReason());
    }

    @Override
    public Optional<Outcome> read(String txId) {
        return recorded.read(txId);
    }

    @Override
    public void forget(String txId) {
        recorded.forget(txId);
    }
}
