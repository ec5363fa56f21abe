package dev.distlab.participant.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * The JSON of {@code POST /internal/config/batch}: several writes in one request, each answered as its single
 * request would have been. Bound strictly (an unknown field refuses the whole request); {@code value} and
 * {@code ifMatch} are taken as nodes so that only a JSON string, and only a whole number, are accepted.
 */
final class ConfigBatchJson {

    private ConfigBatchJson() {
    }

    record Batch(List<Item> items) {
    }

    /**
     * One write: {@code method} {@code PUT} (with {@code value}) or {@code DELETE}; {@code ifMatch} the modRevision
     * it needs (the single request's {@code If-Match: "<modRevision>"}); {@code ifNoneMatch} {@code "*"} for a PUT
     * that only creates (its {@code If-None-Match: *}).
     */
    record Item(String method, String key, JsonNode value, JsonNode ifMatch, String ifNoneMatch) {
    }

    record Results(List<Result> results) {
    }

    /**
     * One item's answer: {@code status} and {@code body} (the entry, or a problem; null for a 204) as its single
     * request would have been answered, {@code revision} that answer's {@code X-Config-Revision} (null where it
     * has none: the store could not take the write).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Result(String key, int status, Long revision, Object body) {
    }
}
