package dev.distlab.common.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@code X-Instance-Id} on every response, errors included. A value set later by the application
 * (the gateway passing through its upstream's id) replaces ours instead of being added beside it.
 */
public class InstanceIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Instance-Id";

    private final String instanceId;

    public InstanceIdFilter(String instanceId) {
        this.instanceId = instanceId;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, instanceId);
        chain.doFilter(request, new SingleInstanceIdResponse(response));
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static final class SingleInstanceIdResponse extends HttpServletResponseWrapper {

        SingleInstanceIdResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (HEADER.equalsIgnoreCase(name)) {
                super.setHeader(HEADER, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
