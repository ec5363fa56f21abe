package dev.distlab.gateway.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

import tools.jackson.databind.ObjectMapper;

/**
 * Reads one path from several instances, all at once, each bounded by a timeout: how the dashboard sees every
 * instance where a balanced route shows one at a time (each participant's {@code /api/node}, each coordinator's
 * recent transactions). Goes through the gateway's outgoing faults, so a partition injected at the gateway shows
 * here too.
 */
final class InstanceReads {

    /** One instance's JSON answer, or why there is none. */
    record Answer(Map<String, Object> json, String error) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    InstanceReads(Duration timeout, UnaryOperator<HttpClient> decorator) {
        this.timeout = timeout;
        this.client = decorator.apply(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /**
     * Every instance's answer to {@code GET pathAndQuery}, by instance id, in the order given; returns once all
     * answered or timed out.
     */
    Map<String, Answer> read(Map<String, URI> instances, String pathAndQuery) {
        Map<String, CompletableFuture<Answer>> calls = new LinkedHashMap<>();
        instances.forEach((id, uri) -> calls.put(id, read(uri, pathAndQuery)));
        Map<String, Answer> answers = new LinkedHashMap<>();
        calls.forEach((id, call) -> answers.put(id, call.join()));
        return answers;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Answer> read(URI base, String pathAndQuery) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery))
                    .timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(null, "bad URI: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return new Answer(null, "answered " + response.statusCode());
            }
            return new Answer(json.readValue(response.body(), Map.class), null);
        }).exceptionally(e -> new Answer(null, describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        if (cause instanceof IOException) {
            return "unreachable (" + cause.getClass().getSimpleName() + ")";
        }
        return cause.toString();
    }
}
