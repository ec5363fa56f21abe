package dev.distlab.participant.replication;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The peer port serves the protocol messages and nothing else: a request that waits for a commit there (a write,
 * a forwarded write) would take the threads kept for the messages, which is what the port exists to prevent.
 */
final class PeerPortFilter extends OncePerRequestFilter {

    private final int peerPort;

    PeerPortFilter(int peerPort) {
        this.peerPort = peerPort;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() != peerPort || PeerTransport.MESSAGES_PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "Port " + peerPort + " takes the replicas' protocol "
                + "messages only (POST " + PeerTransport.MESSAGES_PATH + "); the API is on the service's own port");
    }
}
