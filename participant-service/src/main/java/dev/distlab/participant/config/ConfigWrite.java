package dev.distlab.participant.config;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.participant.config.ConfigParams.Precondition;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;

/**
 * One checked write of the config API, a PUT (with its value) or a DELETE, with its precondition: the command it
 * proposes and the answer its single endpoint gives to the result. The single endpoints and the batch
 * ({@link ConfigBatch}) share it, so a batch item answers exactly what its single request would have.
 */
record ConfigWrite(boolean isPut, String key, String value, Precondition precondition) {

    static ConfigWrite put(String key, String value, Precondition precondition) {
        return new ConfigWrite(true, key, value, precondition);
    }

    static ConfigWrite delete(String key, Precondition precondition) {
        return new ConfigWrite(false, key, null, precondition);
    }

    /**
     * {@code If-Match: "0"}: mod revisions start at 1, so it can never hold (and 0 means "no precondition" to
     * {@link KvCommand}); such a write is answered 412 from a linearizable read ({@link #neverMatched}), never
     * proposed.
     */
    boolean neverMatches() {
        return precondition.hasIfMatch() && precondition.ifMatch() == KvCommand.ANY;
    }

    KvCommand command() {
        if (isPut) {
            return precondition.absent() ? KvCommand.putIfAbsent(key, value)
                    : precondition.hasIfMatch() ? KvCommand.putIfMatch(key, value, precondition.ifMatch())
                    : KvCommand.put(key, value);
        }
        return precondition.hasIfMatch() ? KvCommand.deleteIfMatch(key, precondition.ifMatch())
                : KvCommand.delete(key);
    }

    /** The 412 of a write that {@link #neverMatches()}, given the key's current entry (null if absent). */
    ProblemException neverMatched(KvEntry current, long revision) {
        return ConfigResponses.preconditionFailed(key, precondition, current, revision);
    }

    /** The single endpoint's answer to the state machine's result: a success, or thrown as its problem. */
    ResponseEntity<Object> answer(KvResult r) {
        switch (r.status()) {
            case CREATED:
                return ConfigResponses.entry(HttpStatus.CREATED, r.entry(), r.revision());
            case REPLACED:
                return ConfigResponses.entry(HttpStatus.OK, r.entry(), r.revision());
            case DELETED:
                return ResponseEntity.noContent().headers(ConfigResponses.revisionOnly(r.revision())).build();
            case NOT_FOUND:
                throw ConfigResponses.notFound(key, r.revision());
            case PRECONDITION_FAILED:
                throw ConfigResponses.preconditionFailed(key, precondition, r.entry(), r.revision());
            case STALE_REQUEST:
                throw ConfigResponses.staleRequest(r);
            default:
                throw new IllegalStateException("unexpected result of a " + (isPut ? "put" : "delete") + ": " + r);
        }
    }
}
