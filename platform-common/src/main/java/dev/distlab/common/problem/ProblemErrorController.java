package dev.distlab.common.problem;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC (servlet filters calling sendError, the container refusing a
 * request) with problem+json instead of Boot's default error JSON or an HTML page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = code instanceof Integer i ? HttpStatusCode.valueOf(i) : HttpStatus.NOT_FOUND;
        ProblemDetail problem = Problems.of(status, detail(request, status));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(URI.create(uri instanceof String s ? s : request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The message given to sendError, except for server errors, whose message may leak internals. */
    private static String detail(HttpServletRequest request, HttpStatusCode status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (message instanceof String s && !s.isBlank() && !status.is5xxServerError()) {
            return s;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "Error " + status.value();
    }
}
