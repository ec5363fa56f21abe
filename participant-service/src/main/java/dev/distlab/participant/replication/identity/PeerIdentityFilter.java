package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs the {@link PeerGuard} in front of the peer endpoints (messages, propose, read-index), after the cluster
 * token check: a refused request is answered 409 (problem+json, through the platform's error page) and never
 * reaches the replica; an incarnation that cannot be recorded is answered 503 and not handled either.
 */
public class PeerIdentityFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PeerIdentityFilter.class);

    private final PeerGuard guard;

    public PeerIdentityFilter(PeerGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal;
        try {
            refusal = guard.admit(request.getHeader(PeerHeaders.CLUSTER), request.getHeader(PeerHeaders.MEMBER),
                    request.getRemoteAddr() + ":" + request.getRemotePort());
        } catch (IOException e) {
            log.error("Cannot record a peer's incarnation in the identity file; its request is not handled: {}",
                    e.toString());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "this replica cannot record the sender's incarnation durably");
            return;
        }
        if (refusal.isPresent()) {
            response.sendError(HttpServletResponse.SC_CONFLICT, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
