package dev.distlab.participant.config;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the PUT body and writes answers of the single-key endpoints directly, with the service's own (strict)
 * JSON mapper. These endpoints are the store's hot path, and Spring MVC's generic argument resolution and
 * content negotiation cost a fifth of a busy leader's CPU (docs/BENCHMARKS.md). Failures are still thrown as
 * exceptions, before anything is written, so they become the same problem+json as everywhere else.
 */
@Component
class DirectAnswers {

    private final JsonMapper json;
    private final ObjectReader putBody;

    DirectAnswers(JsonMapper json) {
        this.json = json;
        this.putBody = json.readerFor(ConfigJson.PutBody.class);
    }

    /**
     * The PUT body, refused as a {@code @RequestBody} would be: missing, unreadable or {@code null} is 400, a body
     * that is not JSON by its Content-Type is 415.
     */
    ConfigJson.PutBody readPutBody(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        byte[] bytes = request.getInputStream().readAllBytes(); // bounded by the body limit filter (413)
        ConfigJson.PutBody body = null;
        if (bytes.length > 0) {
            checkJson(request.getContentType());
            try {
                body = putBody.readValue(bytes);
            } catch (JacksonException e) {
                throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                        new ServletServerHttpRequest(request));
            }
        }
        if (body == null) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        return body;
    }

    private static void checkJson(String contentType) throws HttpMediaTypeNotSupportedException {
        MediaType type;
        try {
            type = contentType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage());
        }
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.getSubtype().endsWith("+json")) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON), HttpMethod.PUT);
        }
    }

    /** Writes status, headers and (if any) the JSON body of the answer. */
    void write(HttpServletResponse response, ResponseEntity<?> answer) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        Object body = answer.getBody();
        if (body != null) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), body);
        }
    }
}
