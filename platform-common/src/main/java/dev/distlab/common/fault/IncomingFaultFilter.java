package dev.distlab.common.fault;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.distlab.common.problem.ProblemResponses;

/** Applies the {@code in} faults ({@link IncomingFaults}) to the requests the servlet container serves. */
public class IncomingFaultFilter extends OncePerRequestFilter {

    private final IncomingFaults faults;

    public IncomingFaultFilter(IncomingFaults faults) {
        this.faults = faults;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        Optional<String> refused = faults.apply(faults.fire(path));
        if (refused.isPresent()) {
            ProblemResponses.write(response, IncomingFaults.refusal(refused.get()), path);
            return;
        }
        chain.doFilter(request, response);
    }
}
