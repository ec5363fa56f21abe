package dev.distlab.participant.config;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.participant.config.ConfigParams.Precondition;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;

/** Answers of the config API: entries with their ETag and store revision, and the matching problems. */
final class ConfigResponses {

    static final String REVISION_HEADER = "X-Config-Revision";

    private ConfigResponses() {
    }

    static String etag(KvEntry e) {
        return "\"" + e.modRevision() + "\"";
    }

    /** 200/201 with the entry, {@code ETag: "<modRevision>"} and {@code X-Config-Revision}. */
    static ResponseEntity<Object> entry(HttpStatus status, KvEntry e, long revision) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).eTag(etag(e))
                .header(REVISION_HEADER, Long.toString(revision));
        if (status == HttpStatus.CREATED) {
            builder.location(URI.create("/api/config/" + e.key()));
        }
        return builder.body(ConfigJson.Entry.of(e));
    }

    /** The current state of a key: 200 with the entry, or the 404 problem. */
    static ResponseEntity<Object> current(String key, KvEntry e, long revision) {
        if (e == null) {
            throw notFound(key, revision);
        }
        return entry(HttpStatus.OK, e, revision);
    }

    static ProblemException notFound(String key, long revision) {
        ProblemException problem = new ProblemException(HttpStatus.NOT_FOUND, "No config entry '" + key + "'");
        problem.getHeaders().set(REVISION_HEADER, Long.toString(revision));
        return problem;
    }

    /** 412: the precondition did not hold for {@code current} (null if the key is absent). */
    static ProblemException preconditionFailed(String key, Precondition precondition, KvEntry current,
            long revision) {
        String detail;
        if (precondition.absent()) {
            detail = "Config entry '" + key + "' already exists (If-None-Match: *)";
        } else if (current == null) {
            detail = "Config entry '" + key + "' does not exist (If-Match: \"" + precondition.ifMatch() + "\")";
        } else {
            detail = "Config entry '" + key + "' has modRevision " + current.modRevision() + ", not "
                    + precondition.ifMatch() + " (If-Match)";
        }
        ProblemException problem = new ProblemException(HttpStatus.PRECONDITION_FAILED, detail);
        problem.getHeaders().set(REVISION_HEADER, Long.toString(revision));
        if (current != null) {
            problem.getHeaders().setETag(etag(current));
            problem.getProblem().setProperty("modRevision", current.modRevision());
        }
        return problem;
    }

    /**
     * STALE_REQUEST: the replication layer saw a newer request of the same client first, so this one was not
     * applied. Nothing changed and it is safe to retry, hence 409 rather than 5xx.
     */
    static ProblemException staleRequest(KvResult result) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT,
                "The write was superseded by a newer request and not applied; retry it");
        problem.getHeaders().set(REVISION_HEADER, Long.toString(result.revision()));
        return problem;
    }

    static HttpHeaders revisionOnly(long revision) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(REVISION_HEADER, Long.toString(revision));
        return headers;
    }
}
