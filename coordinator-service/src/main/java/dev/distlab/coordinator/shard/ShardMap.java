package dev.distlab.coordinator.shard;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.Entry;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.participant.Participants;
import dev.distlab.coordinator.participant.Participants.Participant;

/**
 * Which participant owns which account: {@code bank/accounts/<accountId>} → participant id in the config store.
 * Entries are written create-only and never change, so each one is cached forever once seen; a miss is read
 * linearizably from the store.
 */
@Component
public class ShardMap {

    private final ConfigClient store;
    private final Participants participants;
    private final Map<String, Participant> cache = new ConcurrentHashMap<>();

    ShardMap(ConfigClient store, Participants participants) {
        this.store = store;
        this.participants = participants;
    }

    static String key(String accountId) {
        return "bank/accounts/" + accountId;
    }

    /** The participant that owns the account, empty if the account was never created. 503 if the store is down. */
    public Optional<Participant> owner(String accountId) {
        Participant cached = cache.get(accountId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Entry> entry;
        try {
            entry = store.get(key(accountId));
        } catch (ConfigException e) {
            throw BankProblems.unavailable("The shard map (config store) cannot be read: " + e.getMessage());
        }
        return entry.map(e -> remember(accountId, e.value()));
    }

    /**
     * The participant a new account lives on: the placement by hash, written create-only; if another creator
     * won, the participant it wrote.
     */
    public Participant assign(String accountId) {
        Participant placed = participants.place(accountId);
        try {
            store.putIfAbsent(key(accountId), placed.id());
            return remember(accountId, placed.id());
        } catch (PreconditionFailedException e) {
            return owner(accountId).orElseThrow(() -> BankProblems.unavailable(
                    "The shard map entry of '" + accountId + "' changed while it was written; try again"));
        } catch (OutcomeUnknownException e) {
            // it may have been applied: whatever the store holds now is the answer, if anything
            return owner(accountId).orElseThrow(() -> BankProblems.unavailable(
                    "Writing the shard map entry of '" + accountId + "' had an unknown outcome; try again"));
        } catch (ConfigException e) {
            throw BankProblems.unavailable("The shard map (config store) cannot be written: " + e.getMessage());
        }
    }

    private Participant remember(String accountId, String participantId) {
        Participant p = participants.find(participantId).orElseThrow(() -> BankProblems.unavailable(
                "The shard map places account '" + accountId + "' on '" + participantId + "', which is not in "
                        + "platform.bank.participants"));
        cache.put(accountId, p);
        return p;
    }
}
