package dev.distlab.common.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.micrometer.context.ContextSnapshotFactory;

/**
 * The {@link RestClient}s one service client calls another service with: all over one JDK {@link HttpClient} (the
 * caller's, usually wrapped by the platform's fault injection, so injected faults act on these calls as before),
 * built from Spring's {@code RestClient.Builder}, which carries the observation registry: each call is an
 * {@code http.client.requests} observation, a client span of the caller's trace, and sends {@code traceparent}.
 *
 * <p>The JDK client's request timeout is one per request factory, so there is one RestClient per timeout a caller
 * uses (a handful of configured durations; the config store's long polls add at most one per second of wait).
 */
public final class ServiceCalls {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    /**
     * Writes request bodies into the JDK client's publisher. Spring's default starts a thread for every request
     * with a body; a pool reuses them (as many as there are calls writing a body at once, idle ones end after 60 s).
     */
    private static final ExecutorService BODY_WRITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "service-call-body");
        thread.setDaemon(true);
        return thread;
    });

    private final RestClient.Builder builder;
    private final HttpClient http;
    private final Map<Duration, RestClient> byTimeout = new ConcurrentHashMap<>();

    /** {@code builder} is cloned, never changed; {@code http} sends every request. */
    public ServiceCalls(RestClient.Builder builder, HttpClient http) {
        this.builder = builder.clone();
        this.http = http;
    }

    /** The client whose calls give up when no answer (headers, then body) came within {@code timeout}. */
    public RestClient within(Duration timeout) {
        RestClient client = byTimeout.get(timeout);
        return client != null ? client : byTimeout.computeIfAbsent(timeout, t -> {
            JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http, BODY_WRITERS);
            factory.setReadTimeout(t);
            return builder.clone().requestFactory(factory).build();
        });
    }

    /**
     * The I/O failure behind a call that got no answer, as the JDK client reported it (e.g.
     * {@link java.net.ConnectException}, {@link java.net.http.HttpTimeoutException}), so that callers tell its kinds
     * apart as they did on the JDK client; an interrupted call is an {@link InterruptedIOException} and leaves the
     * thread's interrupt flag set.
     */
    public static IOException cause(ResourceAccessException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            if (io.getCause() instanceof InterruptedException) {
                InterruptedIOException interrupted = new InterruptedIOException(io.getMessage());
                interrupted.initCause(io.getCause());
                return interrupted;
            }
            return io;
        }
        return new IOException(e.getMessage(), e);
    }

    /**
     * Runs what is given to it on {@code executor} inside the trace (and observation) of the thread that gave it, so
     * that a call made there is a child of the caller's span, not a trace of its own.
     */
    public static Executor inCallersTrace(Executor executor) {
        return task -> executor.execute(SNAPSHOTS.captureAll().wrap(task));
    }
}
