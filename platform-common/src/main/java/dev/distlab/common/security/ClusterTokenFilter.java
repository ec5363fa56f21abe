package dev.distlab.common.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <cluster token>} on internal endpoints, admin writes and every
 * actuator endpoint except health, info and prometheus. Without a configured token those endpoints
 * refuse everything.
 */
public class ClusterTokenFilter extends OncePerRequestFilter {

    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");
    private static final Set<String> PUBLIC_ACTUATOR = Set.of("health", "info", "prometheus");

    private final byte[] expected;
    private final List<ProtectedEndpoint> protectedEndpoints;

    public ClusterTokenFilter(String token, List<ProtectedEndpoint> protectedEndpoints) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.protectedEndpoints = List.copyOf(protectedEndpoints);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (needsToken(request.getMethod(), pathOf(request)) && !hasToken(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cluster\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED,
                    "This endpoint needs the cluster token: Authorization: Bearer <token>");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean needsToken(String method, String path) {
        if (path.equals("/internal") || path.startsWith("/internal/")) {
            return true;
        }
        if (path.startsWith("/actuator/")) {
            String endpoint = path.substring("/actuator/".length()).split("/", 2)[0];
            return !PUBLIC_ACTUATOR.contains(endpoint);
        }
        if (path.equals("/actuator")) {
            return true;
        }
        return protectedEndpoints.stream().anyMatch(e -> e.matches(method, path));
    }

    private boolean hasToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return expected != null && header != null
                && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private static String pathOf(HttpServletRequest request) {
        // the container's decoded and normalised path, so that /act%75ator/env cannot slip past
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        // likewise /actuator//env and /internal/
        if (path.contains("//")) {
            path = REPEATED_SLASHES.matcher(path).replaceAll("/");
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
