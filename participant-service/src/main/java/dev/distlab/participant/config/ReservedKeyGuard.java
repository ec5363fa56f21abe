package dev.distlab.participant.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Keeps the platform's own keyspace ({@link dev.distlab.configclient.ConfigKeys#RESERVED_PREFIXES}: 2PC
 * decisions, the shard map, idempotency records, balancer settings) writable only with the cluster token, so that
 * nobody can forge a decision or re-weight the gateways through the public config API. Every write path of the
 * API calls {@link #checkWrite} on the exact key it is about to write, before the body or any precondition is
 * looked at and before anything is proposed.
 *
 * <p>Reads are not guarded: the dashboard and users inspect the platform's state through them, nothing under
 * these prefixes is secret, and the token itself is never stored there or shown.
 */
@Component
class ReservedKeyGuard {

    private static final Logger log = LoggerFactory.getLogger(ReservedKeyGuard.class);

    /** {@code Bearer <token>} as bytes; null when this participant has no token, which refuses every such write. */
    private final byte[] expected;

    ReservedKeyGuard(PlatformProperties platform) {
        String token = platform.getClusterToken();
        this.expected = token == null || token.isBlank() ? null
                : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Throws 403 unless {@code key} is an ordinary key or the request carries the cluster token. */
    void checkWrite(HttpServletRequest request, String key) {
        String prefix = dev.distlab.configclient.ConfigKeys.reservedPrefix(key);
        if (prefix == null || hasToken(request)) {
            return;
        }
        log.info("Refused {} of config key {} from {}: keys under '{}' are the platform's own and are written only "
                + "with the cluster token, which the request {}", request.getMethod(), key, request.getRemoteAddr(),
                prefix, request.getHeader(HttpHeaders.AUTHORIZATION) == null ? "did not carry" : "did not match");
        throw new ProblemException(HttpStatus.FORBIDDEN, "Key '" + key + "' is under the reserved prefix '" + prefix
                + "', the platform's own state: writing it needs the cluster token (Authorization: Bearer <token>)"
                + (expected == null ? "; this instance has no cluster token configured, so it refuses every such "
                        + "write" : ""));
    }

    private boolean hasToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        // constant time: how much of a guess matched must not show in the answer's timing
        return expected != null && header != null
                && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }
}
