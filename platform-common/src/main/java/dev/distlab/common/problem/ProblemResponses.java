package dev.distlab.common.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ProblemDetail;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json answer straight to the response, for code that answers outside Spring MVC and must keep the
 * detail of a 5xx (the platform's error page hides it): the same members, in the same order, as the answers Spring
 * MVC writes.
 */
public final class ProblemResponses {

    public static final String CONTENT_TYPE = "application/problem+json;charset=UTF-8";

    private ProblemResponses() {
    }

    /** @param path the request's path, the problem's {@code instance} when it names none */
    public static void write(HttpServletResponse response, ProblemDetail problem, String path) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json(problem, path));
    }

    /** The problem's JSON body, UTF-8, for a response written by other means than a servlet (see {@link #CONTENT_TYPE}). */
    public static byte[] json(ProblemDetail problem, String path) {
        return JsonMapper.shared().writeValueAsBytes(members(problem, path));
    }

    /** The problem's JSON body as a tree, for a problem that is part of a larger answer (an item of a batch). */
    public static JsonNode tree(ProblemDetail problem, String path) {
        return JsonMapper.shared().valueToTree(members(problem, path));
    }

    private static Map<String, Object> members(ProblemDetail problem, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() != null ? problem.getInstance().toString() : path);
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
