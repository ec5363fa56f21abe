package dev.distlab.common.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.distlab.common.web.PayloadTooLargeException;
import jakarta.validation.ConstraintViolationException;

/**
 * Turns every exception that reaches Spring MVC into problem+json: Spring's own (404, 405, 415, ...),
 * unreadable or oversized bodies, validation failures, {@link ProblemException}s thrown by services, and
 * anything unexpected (500 with no stack trace in the body).
 */
@RestControllerAdvice
public class PlatformExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PlatformExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException e) {
        return ResponseEntity.status(e.getProblem().getStatus()).headers(e.getHeaders()).body(e.getProblem());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> handleTooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
        return ResponseEntity.badRequest().body(Problems.invalid(ValidationErrors.of(e)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has an invalid value");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return handleTooLarge(tooLarge);
        }
        log.error("Request failed with an unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.UNEXPECTED);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return new ResponseEntity<>(Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()),
                    HttpStatus.CONTENT_TOO_LARGE);
        }
        return new ResponseEntity<>(Problems.of(HttpStatus.BAD_REQUEST, describeUnreadable(e)), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail = "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath();
        return new ResponseEntity<>(Problems.of(HttpStatus.NOT_FOUND, detail), HttpStatus.NOT_FOUND);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(Problems.invalid(ValidationErrors.of(e.getBindingResult())), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(Problems.invalid(ValidationErrors.of(e)), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(Problems.of(status, "").getType());
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** The first line of the innermost message, which names the field or the syntax error. */
    private static String describeUnreadable(HttpMessageNotReadableException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || root == e) {
            return Problems.BODY_MISSING;
        }
        String firstLine = message.split("\\R", 2)[0];
        return "Request body is not acceptable: " + firstLine;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, detail));
    }
}
