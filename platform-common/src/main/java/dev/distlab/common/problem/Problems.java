package dev.distlab.common.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem+json bodies (RFC 9457). */
public final class Problems {

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
}
