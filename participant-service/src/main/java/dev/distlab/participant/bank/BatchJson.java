package dev.distlab.participant.bank;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON of {@code POST /internal/bank/batch}: several branch operations in one request, each answered as its
 * single endpoint would have. Bound strictly (unknown fields, and a prepare body that does not parse as one, refuse
 * the whole request), so that only the values are checked item by item.
 */
final class BatchJson {

    private BatchJson() {
    }

    record Batch(List<Item> items) {
    }

    /** {@code body}: the prepare's body; absent for a commit or an abort. */
    record Item(String txId, String action, BankJson.PrepareBody body) {
    }

    record Results(List<Result> results) {
    }

    /**
     * One item's answer: {@code status} and {@code body} as its single endpoint would have answered, the body a
     * vote, an outcome or a problem.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Result(String txId, String action, int status, Object body) {
    }
}
