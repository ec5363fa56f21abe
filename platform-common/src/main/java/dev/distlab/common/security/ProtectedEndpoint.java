package dev.distlab.common.security;

import org.springframework.http.HttpMethod;
import org.springframework.util.AntPathMatcher;

/**
 * A path (Ant pattern) that needs the cluster token, for one method or for all ({@code method == null}).
 * Services declare their own as beans; internal and non-public actuator paths are always protected.
 */
public record ProtectedEndpoint(HttpMethod method, String pattern) {

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    public static ProtectedEndpoint anyMethod(String pattern) {
        return new ProtectedEndpoint(null, pattern);
    }

    boolean matches(String method, String path) {
        return (this.method == null || this.method.matches(method)) && MATCHER.match(pattern, path);
    }
}
