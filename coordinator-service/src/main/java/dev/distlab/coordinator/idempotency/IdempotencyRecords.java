package dev.distlab.coordinator.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.Entry;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.PreconditionFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The idempotency records in the config store, {@code bank/idempotency/<sha256-hex of the key>}. */
@Component
public class IdempotencyRecords {

    /** A record as stored, with the modRevision a conditional update needs. */
    public record Stored(IdempotencyRecord record, long modRevision) {
    }

    /** What a create-only write of a new record led to. */
    public record Claim(Stored existing, boolean claimed) {

        static Claim ours() {
            return new Claim(null, true);
        }

        static Claim taken(Stored existing) {
            return new Claim(existing, false);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ConfigClient store;

    IdempotencyRecords(ConfigClient store) {
        this.store = store;
    }

    private static final String PREFIX = "bank/idempotency/";

    static String key(String keyHash) {
        return PREFIX + keyHash;
    }

    /** The record, if there is one. @throws ConfigException if the store cannot be read */
    public Optional<Stored> read(String keyHash) {
        return store.get(key(keyHash)).map(IdempotencyRecords::parse);
    }

    /**
     * Creates the record unless the key has one: claimed, or the record that is there.
     *
     * @throws ConfigException if the store cannot tell (an unknown outcome that reading back cannot settle)
     */
    Claim claim(String keyHash, IdempotencyRecord record) {
        try {
            store.putIfAbsent(key(keyHash), JSON.writeValueAsString(record));
            return Claim.ours();
        } catch (PreconditionFailedException e) {
            return read(keyHash).map(Claim::taken).orElseThrow(() -> e);
        } catch (OutcomeUnknownException e) {
            Optional<Stored> now = read(keyHash);
            if (now.isPresent() && record.transactionId().equals(now.get().record().transactionId())) {
                return Claim.ours();
            }
            return now.map(Claim::taken).orElseThrow(() -> e);
        }
    }

    /**
     * Turns the PENDING record of {@code txId} final; leaves any other record alone.
     *
     * @throws ConfigException if the store cannot be reached (the caller tries again later)
     */
    public void finish(String keyHash, String txId, String status, String reason) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Stored> current = read(keyHash);
            if (current.isEmpty() || !txId.equals(current.get().record().transactionId())
                    || current.get().record().isFinal()) {
                return;
            }
            IdempotencyRecord done = current.get().record().finished(status, reason);
            try {
                store.putIfMatch(key(keyHash), JSON.writeValueAsString(done), current.get().modRevision());
                return;
            } catch (PreconditionFailedException e) {
                // changed meanwhile: look again
            }
        }
        throw new ConfigException(412, "the idempotency record of transaction " + txId + " kept changing");
    }

    /** A record as listed, with its store key. */
    public record Listed(String key, IdempotencyRecord record, long modRevision) {

        /** The SHA-256 hex of the Idempotency-Key it is the record of. */
        String keyHash() {
            return key.substring(PREFIX.length());
        }
    }

    /**
     * Every record in the store (entries under the prefix that are not records are skipped).
     *
     * @throws ConfigException if the store cannot be listed
     */
    List<Listed> list() {
        List<Listed> all = new ArrayList<>();
        for (Entry entry : store.list(PREFIX).entries()) {
            try {
                all.add(new Listed(entry.key(), parse(entry).record(), entry.modRevision()));
            } catch (ConfigException e) {
                // not a record: left alone
            }
        }
        return all;
    }

    /**
     * Deletes a listed record if it still has the modRevision it was listed with; false if it changed or went
     * meanwhile (another sweep, or a write), and is then left alone.
     *
     * @throws ConfigException if the delete fails for another reason than a change
     */
    boolean deleteIfUnchanged(Listed listed) {
        try {
            return store.deleteIfMatch(listed.key(), listed.modRevision());
        } catch (PreconditionFailedException e) {
            return false;
        }
    }

    private static Stored parse(Entry entry) {
        try {
            return new Stored(JSON.readValue(entry.value(), IdempotencyRecord.class), entry.modRevision());
        } catch (JacksonException e) {
            throw new ConfigException(0, "the idempotency record " + entry.key() + " is not one: " + e.getMessage());
        }
    }
}
