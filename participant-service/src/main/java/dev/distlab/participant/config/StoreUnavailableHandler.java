package dev.distlab.participant.config;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.distlab.common.problem.Problems;

/**
 * {@link StoreUnavailableException} → 503 problem+json with {@code Retry-After: 1}; {@link StoreQuotaExceededException}
 * → 507 problem+json. Ahead of the catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreUnavailableHandler {

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(StoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(e));
    }

    @ExceptionHandler(StoreQuotaExceededException.class)
    ResponseEntity<ProblemDetail> full(StoreQuotaExceededException e) {
        return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE).body(problem(e));
    }

    /** The 503 problem of a request (or a batch item) the store could not commit or confirm in time. */
    static ProblemDetail problem(StoreUnavailableException e) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                "The config store cannot reach a majority of replicas right now: " + e.getMessage());
    }

    /** The 507 problem of a write (or a batch item) refused for space. */
    static ProblemDetail problem(StoreQuotaExceededException e) {
        return Problems.of(HttpStatus.INSUFFICIENT_STORAGE,
                "The config store is at its space quota; nothing was written. Delete keys to make room: "
                        + e.getMessage());
    }
}
