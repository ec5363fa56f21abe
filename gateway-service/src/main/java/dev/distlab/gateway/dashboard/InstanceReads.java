package dev.distlab.gateway.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import org.springframework.cloud.client.ServiceInstance;

import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.health.InstanceGets;
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

    private final InstanceGets gets;
    private final ObjectMapper json = new ObjectMapper();

    InstanceReads(Duration timeout, UnaryOperator<HttpClient> decorator) {
        this.gets = new InstanceGets(timeout, decorator);
    }

    /** The instances' base URIs by instance id, in the order given: what {@link #read} takes. */
    static Map<String, URI> byId(List<ServiceInstance> instances) {
        Map<String, URI> uris = new LinkedHashMap<>();
        instances.forEach(instance -> uris.put(Upstreams.idOf(instance), instance.getUri()));
        return uris;
    }

    /**
     * Every instance's answer to {@code GET pathAndQuery}, by instance id, in the order given; returns once all
     * answered or timed out.
     */
    Map<String, Answer> read(Map<String, URI> instances, String pathAndQuery) {
        return read(instances, pathAndQuery, Map.of());
    }

    /** The same, sending these headers with every request. */
    Map<String, Answer> read(Map<String, URI> instances, String pathAndQuery, Map<String, String> headers) {
        Map<String, CompletableFuture<Answer>> calls = new LinkedHashMap<>();
        instances.forEach((id, uri) -> calls.put(id, read(uri, pathAndQuery, headers)));
        Map<String, Answer> answers = new LinkedHashMap<>();
        calls.forEach((id, call) -> answers.put(id, call.join()));
        return answers;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Answer> read(URI base, String pathAndQuery, Map<String, String> headers) {
        return gets.get(base, pathAndQuery, headers, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return new Answer(null, "answered " + response.statusCode());
            }
            return new Answer(json.readValue(response.body(), Map.class), null);
        }).exceptionally(e -> new Answer(null, describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = InstanceGets.causeOf(e);
        if (cause instanceof InstanceGets.BadUri) {
            return cause.getMessage(); // bad URI: ...
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        if (cause instanceof IOException) {
            return "unreachable (" + cause.getClass().getSimpleName() + ")";
        }
        return cause.toString();
    }
}
