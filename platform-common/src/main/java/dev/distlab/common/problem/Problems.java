package dev.distlab.common.problem;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem+json bodies (RFC 9457). */
public final class Problems {

    /** The detail of a 500: what failed is in the log, not in the answer. */
    public static final String UNEXPECTED = "The server could not complete the request";

    /** The detail of a 400 for a body that is absent or cannot be parsed at all. */
    public static final String BODY_MISSING = "Request body is missing or is not valid JSON";

    private Problems() {
    }

    /** A problem whose type names the HTTP status, e.g. {@code urn:problem:not-found}. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null) {
            problem.setTitle(known.getReasonPhrase());
            problem.setType(URI.create("urn:problem:" + known.name().toLowerCase().replace('_', '-')));
        }
        return problem;
    }

    /**
     * 400 for input that breaks the request's rules: the detail names every refused field and why
     * ("amount: must be between 1 and 10^12; to: ..."), and the {@code errors} extension lists them as
     * {@code [{field, message}]} for clients that act on them. Sorted, so the same input gives the same answer.
     */
    public static ProblemDetail invalid(List<InvalidField> errors) {
        List<InvalidField> sorted = errors.stream()
                .sorted(Comparator.comparing(InvalidField::describe))
                .distinct()
                .toList();
        String detail = sorted.stream().map(InvalidField::describe).collect(Collectors.joining("; "));
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, detail.isEmpty() ? "The request is not valid" : detail);
        problem.setProperty("errors", sorted);
        return problem;
    }
}
