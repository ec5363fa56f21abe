package dev.distlab.gateway.routing;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.ProblemResponses;
import dev.distlab.common.problem.Problems;
import dev.distlab.common.web.PayloadTooLargeException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The routed paths, served outside Spring MVC's dispatcher: a plain servlet mapped to the route table's paths, so
 * that a proxied request costs the container, the platform's filters (token, faults, instance id, body limit,
 * tracing) and the exchange, not handler lookup and message conversion. The gateway's own endpoints and the
 * actuator stay with the dispatcher. Answers of the gateway itself (no instance, upstream failed, body too large or
 * path refused) are problem+json like everywhere else.
 */
final class ProxyServlet extends HttpServlet {

    private final Map<String, BalancedProxy> byPattern;

    /** @param byPattern the proxy of each servlet URL pattern this servlet is mapped to */
    ProxyServlet(Map<String, BalancedProxy> byPattern) {
        this.byPattern = Map.copyOf(byPattern);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BalancedProxy proxy = byPattern.get(request.getHttpServletMapping().getPattern());
        if (proxy == null) { // cannot happen: the servlet is mapped to exactly these patterns
            throw new IllegalStateException("no route for " + request.getHttpServletMapping().getPattern());
        }
        try {
            proxy.forward(request, response);
        } catch (ProblemException e) {
            e.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            write(request, response, e.getProblem());
        } catch (PayloadTooLargeException e) {
            write(request, response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            throw new IOException("cannot answer " + problem.getStatus() + " after the answer began: "
                    + problem.getDetail());
        }
        ProblemResponses.write(response, problem, request.getRequestURI());
    }
}
