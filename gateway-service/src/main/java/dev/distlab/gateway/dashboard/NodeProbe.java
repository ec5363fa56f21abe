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
 * Reads {@code GET /api/node} from each participant, all at once, each bounded by a timeout: how the dashboard
 * learns every replica's Paxos role and leader (the balanced {@code /api/node} route shows one instance at a
 * time). Goes through the gateway's outgoing faults, so a partition injected at the gateway shows here too.
 */
final class NodeProbe {

    /** One instance's answer, or why there is none. */
    record NodeInfo(Map<String, Object> node, String error) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    NodeProbe(Duration timeout, UnaryOperator<HttpClient> decorator) {
        this.timeout = timeout;
        this.client = decorator.apply(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** Every instance's answer, by instance id, in the order given; returns once all answered or timed out. */
    Map<String, NodeInfo> read(Map<String, URI> instances) {
        Map<String, CompletableFuture<NodeInfo>> calls = new LinkedHashMap<>();
        instances.forEach((id, uri) -> calls.put(id, read(uri)));
        Map<String, NodeInfo> answers = new LinkedHashMap<>();
        calls.forEach((id, call) -> answers.put(id, call.join()));
        return answers;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<NodeInfo> read(URI base) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + "/api/node"))
                    .timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new NodeInfo(null, "bad URI: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return new NodeInfo(null, "answered " + response.statusCode());
            }
            return new NodeInfo(json.readValue(response.body(), Map.class), null);
        }).exceptionally(e -> new NodeInfo(null, describe(e)));
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
