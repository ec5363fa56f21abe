package dev.distlab.common.fault;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that passes every request through {@link OutgoingFaults} before its delegate sends it,
 * and learns the callee's instance id from each answer. Without an active fault a request costs one map check.
 * An asynchronous request that a fault holds back waits on a thread of its own, not the caller's.
 */
final class FaultInjectingHttpClient extends HttpClient {

    /** Threads for asynchronous requests held back by a delay or a drop; none exist while no fault fires. */
    private static final ExecutorService HELD = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "fault-held-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private final HttpClient delegate;
    private final OutgoingFaults faults;

    FaultInjectingHttpClient(HttpClient delegate, OutgoingFaults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
            throws IOException, InterruptedException {
        faults.apply(faults.plan(request.uri(), null), request.timeout().orElse(null), true);
        return learnt(delegate.send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
            PushPromiseHandler<T> pushPromiseHandler) {
        OutgoingFaults.Plan plan = faults.plan(request.uri(), null);
        if (plan.isNone()) {
            return delegate.sendAsync(request, handler, pushPromiseHandler).thenApply(this::learnt);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                faults.apply(plan, request.timeout().orElse(null), true);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, HELD).thenCompose(v -> delegate.sendAsync(request, handler, pushPromiseHandler)).thenApply(this::learnt);
    }

    private <T> HttpResponse<T> learnt(HttpResponse<T> response) {
        faults.learn(response.request().uri(),
                response.headers().firstValue(OutgoingFaults.INSTANCE_ID_HEADER).orElse(null));
        return response;
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }
}
