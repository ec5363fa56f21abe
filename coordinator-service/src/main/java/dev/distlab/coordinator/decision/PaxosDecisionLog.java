package dev.distlab.coordinator.decision;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.Entry;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;

/**
 * The decision as a create-only entry {@code tx/<txId>/decision} = {@code COMMIT} or {@code ABORT} in the config
 * store: the first write wins, whether the coordinator's or an in-doubt participant's ABORT. Once written it is
 * recorded in the coordinator's history too (not forced: the store is the commit point).
 */
@Component
public class PaxosDecisionLog implements DecisionLog {

    private final ConfigClient store;
    /** The decision's create-only write, batched with those of concurrent transactions. */
    private final DecisionWrites writes;
    private final TransactionHistory history;

    PaxosDecisionLog(ConfigClient store, DecisionWrites writes, TransactionHistory history) {
        this.store = store;
        this.writes = writes;
        this.history = history;
    }

    public static String key(String txId) {
        return "tx/" + txId + "/decision";
    }

    @Override
    public Mode mode() {
        return Mode.PAXOS;
    }

    @Override
    public Decision decide(String txId, Outcome proposed, String reason) {
        Outcome winner;
        try {
            writes.putIfAbsent(key(txId), proposed.name());
            winner = proposed;
        } catch (PreconditionFailedException e) {
            winner = read(txId).or(() -> recorded(txId)).orElseThrow(() -> new DecisionUnknownException(
                    "the decision of " + txId + " exists but could not be read back", e));
        } catch (OutcomeUnknownException e) {
            // it may or may not have been written: what the store holds now decides, if anything
            winner = read(txId).orElseThrow(() -> new DecisionUnknownException("writing the decision of " + txId
                    + " had an unknown outcome and none can be read yet: " + e.getMessage(), e));
        } catch (ConfigException e) {
            throw new DecisionUnknownException("the config store cannot take the decision of " + txId + ": "
                    + e.getMessage(), e);
        }
        // an ABORT that beat this coordinator's COMMIT: the participants stopped waiting for it
        String why = winner == Outcome.COMMIT ? null : winner == proposed ? reason : "TIMEOUT";
        if (history.decideIfPreparing(txId, winner.status(), why, false)) {
            return new Decision(winner, why);
        }
        // decided here before (recovery, a retry): the reason recorded then
        return new Decision(winner, history.find(txId).map(TransactionRecord::getReason).orElse(why));
    }

    @Override
    public Optional<Outcome> read(String txId) {
        Optional<Entry> entry;
        try {
            entry = store.get(key(txId));
        } catch (ConfigException e) {
            throw new DecisionUnknownException("the decision of " + txId + " cannot be read: " + e.getMessage(), e);
        }
        return entry.map(e -> {
            Outcome o = Outcome.parse(e.value());
            if (o == null) {
                throw new DecisionUnknownException("the decision of " + txId + " is '" + e.value()
                        + "', neither COMMIT nor ABORT", null);
            }
            return o;
        });
    }

    /** After the entry was deleted (decision-retention after completion), the history still knows the decision. */
    private Optional<Outcome> recorded(String txId) {
        return history.find(txId).map(t -> Outcome.of(t.getStatus()));
    }

    /** Deletes the entry (gone already is fine). @throws ConfigException if the store cannot be reached */
    @Override
    public void forget(String txId) {
        store.delete(key(txId));
    }
}
