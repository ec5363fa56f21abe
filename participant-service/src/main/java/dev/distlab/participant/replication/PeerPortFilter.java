package dev.distlab.participant.replication;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.distlab.participant.replication.identity.PeerHeaders;
import dev.distlab.participant.replication.identity.RateLimitedLog;

/**
 * The peer port serves the protocol messages and nothing else: a request that waits for a commit there (a write,
 * a forwarded write) would take the threads kept for the messages, which is what the port exists to prevent.
 * Protocol messages that arrive on the API port instead come from a replica whose peer URLs differ from this one's:
 * they are taken, so that the group keeps working, and the misconfiguration is logged.
 */
final class PeerPortFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PeerPortFilter.class);

    private final int peerPort;
    /** One warning every 10 s at most, whoever sends: one key, so the limiter holds nothing per sender. */
    private final RateLimitedLog warnings = RateLimitedLog.everyTenSeconds();

    PeerPortFilter(int peerPort) {
        this.peerPort = peerPort;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        boolean messages = PeerTransport.MESSAGES_PATH.equals(request.getRequestURI());
        return request.getLocalPort() == peerPort ? messages : !messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getLocalPort() != peerPort) {
            warnOfMessagesOnTheApiPort(request);
            chain.doFilter(request, response);
            return;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "Port " + peerPort + " takes the replicas' protocol "
                + "messages only (POST " + PeerTransport.MESSAGES_PATH + "); the API is on the service's own port");
    }

    private void warnOfMessagesOnTheApiPort(HttpServletRequest request) {
        // the header is not checked yet (the identity filter comes later): only a well-formed one names the sender
        long[] member = PeerHeaders.parseMember(request.getHeader(PeerHeaders.MEMBER));
        String sender = member != null ? "Replica " + member[0] : "A replica that does not name itself";
        long heldBack = warnings.admit("messages on the API port");
        if (heldBack >= 0) {
            log.warn("{} sends its protocol messages to this replica's API port {}, not to its peer port {}: its "
                    + "platform.replication.peer-urls differ from this replica's (every replica needs the same list, "
                    + "docs/DEPLOY.md). The messages are taken, but they wait behind client requests for threads "
                    + "({} more such messages since the last warning)", sender, request.getLocalPort(), peerPort,
                    heldBack);
        }
    }
}
