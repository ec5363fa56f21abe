package dev.distlab.configclient;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The RestClients a {@link ConfigClient} sends with when it is given none: over a JDK {@link HttpClient} of its own
 * (HTTP/1.1, no redirects), one per timeout, since the JDK client's is one per request factory (a handful of
 * request timeouts; long polls add at most one per second of wait).
 */
final class JdkRestClients {

    /** Writes request bodies (Spring's default starts a thread for each); idle threads end after 60 s. */
    private static final ExecutorService BODY_WRITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "config-client-body");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http;
    private final RestClient.Builder restClients;
    private final Map<Duration, RestClient> clients = new ConcurrentHashMap<>();

    /** {@code decorator} wraps the JDK client (e.g. fault injection); {@code restClients} is cloned, not changed. */
    JdkRestClients(Duration connectTimeout, UnaryOperator<HttpClient> decorator, RestClient.Builder restClients) {
        this.http = decorator.apply(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build());
        this.restClients = restClients.clone();
    }

    RestClient within(Duration timeout) {
        return clients.computeIfAbsent(timeout, t -> {
            JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http, BODY_WRITERS);
            factory.setReadTimeout(t);
            return restClients.clone().requestFactory(factory).build();
        });
    }

    /**
     * What the JDK client threw (e.g. {@link java.net.ConnectException}, {@link java.net.http.HttpTimeoutException});
     * an interrupted wait for its answer is an {@link InterruptedIOException}, the thread's interrupt flag set.
     */
    static IOException cause(ResourceAccessException e) {
        if (!(e.getCause() instanceof IOException io)) {
            return new IOException(e.getMessage(), e);
        }
        if (io.getCause() instanceof InterruptedException) {
            InterruptedIOException interrupted = new InterruptedIOException(io.getMessage());
            interrupted.initCause(io.getCause());
            return interrupted;
        }
        return io;
    }
}
