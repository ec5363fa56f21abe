package dev.distlab.coordinator.decision;

import java.util.Optional;

import dev.distlab.coordinator.Mode;

/**
 * Where a transaction's commit point is: the one decision, COMMIT or ABORT, that every branch follows. Two
 * implementations: {@link PaxosDecisionLog} (a create-only entry in the replicated config store, which in-doubt
 * participants read and may write ABORT to themselves) and {@link LocalDecisionLog} (only this coordinator's
 * database: classic, blocking 2PC). Either way the decision is also recorded in the coordinator's history.
 */
public interface DecisionLog {

    /** A decision that holds, and why it aborts (null for COMMIT). */
    record Decision(Outcome outcome, String reason) {
    }

    Mode mode();

    /**
     * Proposes {@code proposed} as the decision. Returns the decision that holds: the proposal, or the one made
     * first by someone else. When this call returns, the decision is durable.
     *
     * @throws DecisionUnknownException if it cannot be learned now whether any decision was made
     */
    Decision decide(String txId, Outcome proposed, String reason);

    /**
     * The decision if one was made, empty if none was.
     *
     * @throws DecisionUnknownException if that cannot be learned now
     */
    Optional<Outcome> read(String txId);

    /**
     * Drops what is kept only for the participants, once the transaction has been completed for
     * decision-retention (the retention sweep calls it).
     *
     * @throws dev.distlab.configclient.ConfigException if the store cannot be reached
     */
    void forget(String txId);
}
