package dev.distlab.common.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.OutgoingFaults;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * The {@link RestClient}s one service client calls another service with: Apache HttpClient 5, blocking, so that a
 * call is written and its answer read on the caller's own thread, with no hand-off to a client's threads and back;
 * over one pool of kept-alive connections per {@code ServiceCalls}; never a request sent twice behind the caller's
 * back ({@link PooledHttpClient}). Built from Spring's {@code RestClient.Builder}, which carries the observation
 * registry: each call is an {@code http.client.requests} observation, a client span of the caller's trace, and sends
 * {@code traceparent}. Every call passes through the platform's outgoing faults ({@link OutgoingFaults#interceptor})
 * first. There is one RestClient per timeout a caller uses (a handful of configured durations).
 */
public final class ServiceCalls {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private final RestClient.Builder builder;
    private final OutgoingFaults faults;
    private final CloseableHttpClient http;
    private final Map<Duration, RestClient> byTimeout = new ConcurrentHashMap<>();

    /**
     * {@code builder} is cloned, never changed; {@code faults} act on every call; a connection that is not made within
     * {@code connectTimeout} fails the call as "could not connect".
     */
    public ServiceCalls(RestClient.Builder builder, OutgoingFaults faults, Duration connectTimeout) {
        this.builder = builder.clone();
        this.faults = faults;
        this.http = PooledHttpClient.create(connectTimeout);
    }

    /**
     * The client whose calls give up when no answer came within {@code timeout}: no connection free in the pool
     * within it, or nothing read from the callee for that long (headers, then each read of the body).
     */
    public RestClient within(Duration timeout) {
        RestClient client = byTimeout.get(timeout);
        return client != null ? client : byTimeout.computeIfAbsent(timeout, t -> {
            HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(http);
            factory.setConnectionRequestTimeout(t);
            factory.setReadTimeout(t);
            return builder.clone().requestFactory(factory).requestInterceptor(faults.interceptor(t)).build();
        });
    }

    /**
     * The I/O failure behind a call that got no answer, in the kinds callers tell apart: "could not connect in time"
     * is an {@link HttpConnectTimeoutException} (nothing was sent), "no answer in time" an {@link HttpTimeoutException}
     * (it may have been acted on), a refused connection a {@link java.net.ConnectException} (nothing was sent either);
     * an interrupted call is an {@link java.io.InterruptedIOException} and leaves the thread's interrupt flag set.
     * These are the JDK client's kinds, which the callers have always checked; anything else is as it came.
     */
    public static IOException cause(ResourceAccessException e) {
        if (!(e.getCause() instanceof IOException io)) {
            return new IOException(e.getMessage(), e);
        }
        // before SocketTimeoutException: HttpClient's connect timeout is one
        if (io instanceof ConnectTimeoutException || io instanceof ConnectionRequestTimeoutException) {
            return withCause(new HttpConnectTimeoutException(io.getMessage()), io);
        }
        if (io instanceof SocketTimeoutException) {
            return withCause(new HttpTimeoutException(io.getMessage()), io);
        }
        return io;
    }

    private static IOException withCause(IOException mapped, IOException cause) {
        mapped.initCause(cause);
        return mapped;
    }

    /**
     * Runs what is given to it on {@code executor} inside the trace (and observation) of the thread that gave it, so
     * that a call made there is a child of the caller's span, not a trace of its own.
     */
    public static Executor inCallersTrace(Executor executor) {
        return task -> executor.execute(SNAPSHOTS.captureAll().wrap(task));
    }
}
