package dev.distlab.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriUtils;

import dev.distlab.common.problem.ProblemException;

/**
 * Which requests the front proxies, and to which service: a route path is exact ({@code /api/node}) or a subtree
 * ({@code /api/config/**}, which also takes {@code /api/config}). A path is matched as a servlet container would
 * see it (percent-decoded, path parameters and dot segments resolved), so that no spelling of a routed path
 * reaches the gateway's own endpoints instead; a routed path must then also be sent in that normal form
 * ({@link #refusal}), because the upstream gets the raw path.
 */
final class RoutedPaths<T> {

    private final Map<String, T> exact = new HashMap<>();
    private final List<Map.Entry<String, T>> subtrees = new ArrayList<>();

    /** @param byRoutePath the target of each route path */
    RoutedPaths(Map<String, T> byRoutePath) {
        byRoutePath.forEach((path, target) -> {
            if (path.endsWith("/**")) {
                String root = path.substring(0, path.length() - 3);
                subtrees.add(Map.entry(root, target));
            } else {
                exact.put(path, target);
            }
        });
    }

    /** The target of the raw path, or null when it is not routed. */
    T find(String rawPath) {
        String path = normalized(rawPath).orElse(null);
        if (path == null) {
            return null;
        }
        T target = exact.get(path);
        if (target != null) {
            return target;
        }
        for (Map.Entry<String, T> subtree : subtrees) {
            String root = subtree.getKey();
            if (path.startsWith(root) && (path.length() == root.length() || path.charAt(root.length()) == '/')) {
                return subtree.getValue();
            }
        }
        return null;
    }

    /**
     * The path as a servlet container routes it: path parameters dropped, percent-decoded, empty and {@code .}
     * segments dropped, {@code ..} applied. Empty when the container would refuse it (bad encoding, an encoded
     * slash, {@code ..} above the root).
     */
    static Optional<String> normalized(String rawPath) {
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf(';') < 0 && !rawPath.contains("//")
                && !rawPath.contains("/.")) {
            return Optional.of(rawPath); // the usual case, already normal
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters >= 0 ? segment.substring(0, parameters) : segment;
            if (name.indexOf('%') >= 0) {
                try {
                    name = UriUtils.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                if (name.indexOf('/') >= 0) {
                    return Optional.empty();
                }
            }
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
                continue;
            }
            segments.addLast(name);
        }
        return Optional.of("/" + String.join("/", segments));
    }

    /**
     * Why a routed request is refused with 400, if it is: dot segments, empty segments or path parameters, which
     * the matching resolved but the proxy would forward as sent. What is routed must be what the upstream sees.
     */
    static Optional<ProblemException> refusal(String rawPath) {
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of(new ProblemException(HttpStatus.BAD_REQUEST, "Path parameters (';') are not accepted"));
        }
        if (rawPath.contains("//")) {
            return Optional.of(new ProblemException(HttpStatus.BAD_REQUEST,
                    "Empty path segments ('//') are not accepted"));
        }
        if (rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
            return Optional.empty();
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded;
            try {
                decoded = segment.indexOf('%') >= 0 ? UriUtils.decode(segment, StandardCharsets.UTF_8) : segment;
            } catch (IllegalArgumentException e) {
                return Optional.of(new ProblemException(HttpStatus.BAD_REQUEST,
                        "The path is not validly percent-encoded"));
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.of(new ProblemException(HttpStatus.BAD_REQUEST,
                        "Dot segments ('.', '..') are not accepted in the path"));
            }
        }
        return Optional.empty();
    }
}
