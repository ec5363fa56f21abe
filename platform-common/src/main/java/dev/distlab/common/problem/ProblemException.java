package dev.distlab.common.problem;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** An error that a service answers with a specific problem+json body. */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;
    private final HttpHeaders headers = new HttpHeaders();

    public ProblemException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    public ProblemException(HttpStatusCode status, String detail) {
        this(Problems.of(status, detail));
    }

    /** 400 for one refused field, shaped like a Bean Validation failure (detail "field: message", errors). */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problems.invalid(List.of(new InvalidField(field, message))));
    }

    public ProblemDetail getProblem() {
        return problem;
    }

    public HttpHeaders getHeaders() {
        return headers;
    }
}
