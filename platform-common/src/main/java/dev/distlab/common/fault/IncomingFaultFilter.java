package dev.distlab.common.fault;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.distlab.common.problem.ProblemResponses;
import dev.distlab.common.problem.Problems;

/**
 * Applies the {@code in} faults to the requests this service receives: {@code delay} holds a request for
 * {@code delayMs} and then serves it; {@code fail} answers 503 problem+json at once; {@code drop} holds it
 * unanswered while the fault lasts (at most 30 s), then answers 503. {@code /actuator/faults} is never affected,
 * so faults can always be cleared.
 */
public class IncomingFaultFilter extends OncePerRequestFilter {

    static final String EXEMPT = "/actuator/faults";
    private static final long MAX_HOLD_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final FaultRegistry registry;

    public IncomingFaultFilter(FaultRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.equals(EXEMPT) || path.startsWith(EXEMPT + "/")) {
            chain.doFilter(request, response);
            return;
        }
        List<Fault> firing = registry.firing(spec -> spec.matchesIn(path));
        if (firing.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            long delay = firing.stream().filter(f -> f.spec().kind() == FaultKind.DELAY)
                    .mapToLong(f -> f.spec().delayMs()).sum();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            for (Fault fault : firing) {
                if (fault.spec().kind() == FaultKind.FAIL) {
                    refuse(response, path, "The request was refused by an injected fault (" + fault.id() + ")");
                    return;
                }
            }
            for (Fault fault : firing) {
                if (fault.spec().kind() == FaultKind.DROP) {
                    holdWhileActive(fault);
                    refuse(response, path, "The request was held unanswered by an injected fault (" + fault.id()
                            + ")");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(response, path, "The request was interrupted while an injected fault held it");
            return;
        }
        chain.doFilter(request, response);
    }

    private void holdWhileActive(Fault fault) throws InterruptedException {
        long start = registry.nanoTime();
        long remaining;
        while ((remaining = registry.remainingNanos(fault)) > 0) {
            long held = registry.nanoTime() - start;
            if (held >= MAX_HOLD_NANOS) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, Math.min(remaining, MAX_HOLD_NANOS - held)));
        }
    }

    private static void refuse(HttpServletResponse response, String path, String detail) throws IOException {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Fault injected");
        ProblemResponses.write(response, problem, path);
    }
}
