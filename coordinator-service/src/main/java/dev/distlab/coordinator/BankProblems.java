package dev.distlab.coordinator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;

/** The bank API's problems (problem+json), with their extension members. */
public final class BankProblems {

    private BankProblems() {
    }

    public static ProblemException bad(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ProblemException notFound(String detail, String member, String value) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, detail);
        problem.setProperty(member, value);
        return new ProblemException(problem);
    }

    /** 503 with {@code Retry-After: 1}: something this request needs cannot be reached now; nothing changed. */
    public static ProblemException unavailable(String detail) {
        ProblemException e = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return e;
    }
}
