package dev.distlab.coordinator.txn;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import dev.distlab.coordinator.TxResult;
import dev.distlab.coordinator.txn.TransactionJson.Committed;

/**
 * How an outcome is answered: 201 for COMMITTED; otherwise a problem with {@code transactionId},
 * {@code transactionStatus} and {@code reason}, whose HTTP status follows the reason.
 */
final class TxAnswers {

    private TxAnswers() {
    }

    static ResponseEntity<Committed> answer(TxResult result) {
        if (result.isCommitted()) {
            return ResponseEntity.created(URI.create("/api/transactions/" + result.transactionId()))
                    .body(new Committed(result.transactionId(), TxResult.COMMITTED));
        }
        HttpStatus status = statusOf(result);
        ProblemDetail problem = Problems.of(status, detailOf(result));
        problem.setProperty("transactionId", result.transactionId());
        problem.setProperty("transactionStatus", result.status());
        problem.setProperty("reason", result.reason());
        ProblemException e = new ProblemException(problem);
        if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.CONFLICT) {
            e.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        throw e;
    }

    static HttpStatus statusOf(TxResult result) {
        if (!result.isFinal()) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return switch (result.reason()) {
            case "INSUFFICIENT_FUNDS", "BALANCE_LIMIT" -> HttpStatus.UNPROCESSABLE_CONTENT;
            case "UNKNOWN_ACCOUNT" -> HttpStatus.NOT_FOUND;
            case "PARTICIPANT_UNAVAILABLE", "TIMEOUT" -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.CONFLICT; // CONFLICT, or already aborted at a participant: retryable
        };
    }

    private static String detailOf(TxResult result) {
        String id = result.transactionId();
        if (!result.isFinal()) {
            return "The outcome of transaction " + id + " could not be learned in time; poll /api/transactions/" + id
                    + " or repeat the request with its Idempotency-Key";
        }
        return switch (result.reason()) {
            case "INSUFFICIENT_FUNDS" -> "Transaction " + id + " aborted: an account would go below 0";
            case "BALANCE_LIMIT" -> "Transaction " + id + " aborted: an account would go above 10^15";
            case "UNKNOWN_ACCOUNT" -> "Transaction " + id + " aborted: an account does not exist at its participant";
            case "CONFLICT" -> "Transaction " + id + " aborted: an account is busy in another transaction; retry";
            case "PARTICIPANT_UNAVAILABLE" -> "Transaction " + id + " aborted: a participant could not be reached";
            case "TIMEOUT" -> "Transaction " + id + " aborted: it was not decided in time (a vote was missing, or its "
                    + "coordinator stopped)";
            default -> "Transaction " + id + " aborted (" + result.reason() + ")";
        };
    }
}
