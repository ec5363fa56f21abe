package dev.distlab.gateway.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * GETs a path on an instance, asynchronously, connection and answer each bounded by one timeout: what the readiness
 * checks and the dashboard's reads of every instance have in common (they start one per instance and wait for all,
 * so a hung instance costs one timeout, not one per instance). Redirects are not followed: an instance that answers
 * with one answers wrongly.
 */
public final class InstanceGets {

    private final HttpClient client;
    private final Duration timeout;

    /** {@code decorator} wraps the HTTP client (the platform's fault injection). */
    public InstanceGets(Duration timeout, UnaryOperator<HttpClient> decorator) {
        this.timeout = timeout;
        this.client = decorator.apply(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /**
     * {@code GET base + pathAndQuery} with the headers given. The future fails with {@link BadUri} when no request
     * can be made of the two, else with whatever the client met (see {@link #causeOf}).
     */
    public <T> CompletableFuture<HttpResponse<T>> get(URI base, String pathAndQuery, Map<String, String> headers,
            HttpResponse.BodyHandler<T> body) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                    URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery)).timeout(timeout).GET();
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new BadUri(e));
        }
        return client.sendAsync(request, body);
    }

    /** No request could be made: the message says why, starting {@code bad URI:}. */
    public static final class BadUri extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        BadUri(IllegalArgumentException cause) {
            super("bad URI: " + cause.getMessage(), cause);
        }
    }

    /** The failure itself rather than the wrapper a dependent stage of the future sees. */
    public static Throwable causeOf(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
