package dev.distlab.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One refused input value, as listed in the {@code errors} extension of a 400 problem: where it is (a body
 * field such as {@code operations[0].delta}, or a parameter; null for a rule on the body as a whole) and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvalidField(String field, String message) {

    /** "field: message", or the message alone when no single field is to blame. */
    String describe() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
