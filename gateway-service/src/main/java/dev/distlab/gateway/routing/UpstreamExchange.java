package dev.distlab.gateway.routing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One attempt to get an answer from one upstream: takes a connection, sends the request, and relays the answer to
 * the client as it arrives. The answer's head is held until the first piece of its body is in, so that an answer
 * whose body breaks off at once leaves the client untouched, for a 502 instead. Everything runs in the client
 * connection's event loop. The attempt ends with exactly one {@link Outcome}, given before the answer's last piece
 * is written to the client.
 */
final class UpstreamExchange {

    /** How an attempt ended. */
    enum Result {
        /** No answer came: {@link Outcome#error()} says why; the client was told nothing. */
        NOT_ANSWERED,
        /** The whole answer was relayed. */
        ANSWERED,
        /** The answer's head came, then the connection broke before any of its body: the client was told nothing. */
        BROKE_BEFORE_BODY,
        /** The answer broke off after part of it was relayed: the client's connection is closed. */
        BROKE_MIDWAY,
        /** The client went away first. */
        CLIENT_GONE
    }

    /**
     * @param status the answer's status, 0 when none came
     * @param nanos from the start of the attempt to the answer's head (or to its end, when none came)
     */
    record Outcome(Result result, int status, long nanos, Throwable error) {
    }

    private enum State { CONNECTING, SENT, HEAD, RELAYING, DONE }

    private final UpstreamConnections connections;
    private final ClientSink client;
    private final FullHttpRequest request;
    private final boolean headRequest;
    private final String host;
    private final int port;
    private final long timeoutNanos;
    private final Consumer<Outcome> onOutcome;

    private State state = State.CONNECTING;
    private Channel channel;
    private UpstreamHandler handler;
    private HttpResponse head;
    private boolean keepAlive;
    private boolean skippingInterim;
    private long start;
    private long headNanos;
    private long lastActivity;
    private ScheduledFuture<?> timer;

    /**
     * @param request sent as it is; released here
     * @param readTimeout the longest silence of the upstream before the answer is complete; null for none
     */
    UpstreamExchange(UpstreamConnections connections, ClientSink client, FullHttpRequest request, boolean headRequest,
            String host, int port, Duration readTimeout, Consumer<Outcome> onOutcome) {
        this.connections = connections;
        this.client = client;
        this.request = request;
        this.headRequest = headRequest;
        this.host = host;
        this.port = port;
        this.timeoutNanos = readTimeout == null ? 0 : readTimeout.toNanos();
        this.onOutcome = onOutcome;
    }

    void start() {
        start = System.nanoTime();
        client.whenGone(this::clientGone);
        Future<Channel> connecting = connections.acquire(client.eventLoop(), host, port);
        if (connecting.isDone()) {
            connected(connecting);
        } else {
            connecting.addListener(f -> connected(connecting));
        }
    }

    private void connected(Future<Channel> connecting) {
        if (!connecting.isSuccess()) {
            if (state != State.DONE) {
                end(new Outcome(Result.NOT_ANSWERED, 0, System.nanoTime() - start, connecting.cause()));
            }
            ReferenceCountUtil.release(request);
            return;
        }
        Channel connection = connecting.getNow();
        if (state == State.DONE) { // the client went away meanwhile: nothing was sent on it
            ReferenceCountUtil.release(request);
            connections.release(connection);
            return;
        }
        channel = connection;
        handler = UpstreamConnections.handlerOf(connection);
        handler.attach(this);
        state = State.SENT;
        lastActivity = System.nanoTime();
        connection.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                onUpstreamFailed(f.cause());
            }
        });
        if (timeoutNanos > 0) {
            timer = client.eventLoop().schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Something the upstream sent: the answer's head or a piece of its body. */
    void onUpstream(HttpObject message) {
        if (state == State.DONE) {
            ReferenceCountUtil.release(message);
            return;
        }
        lastActivity = System.nanoTime();
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            onUpstreamFailed(new IOException("the upstream's answer could not be parsed: "
                    + message.decoderResult().cause().getMessage()));
            return;
        }
        if (message instanceof HttpResponse response) {
            int status = response.status().code();
            if (status >= 100 && status < 200) {
                skippingInterim = true; // 100 Continue and the like: the client did not ask for them
            } else {
                head = ProxyHeaders.toClient(response, headRequest);
                keepAlive = HttpUtil.isKeepAlive(response);
                headNanos = lastActivity - start;
                state = State.HEAD;
            }
        }
        if (message instanceof HttpContent content) {
            if (skippingInterim) {
                skippingInterim = !(content instanceof LastHttpContent);
                content.release();
                return;
            }
            relay(content);
        }
    }

    private void relay(HttpContent content) {
        if (state == State.HEAD) {
            client.relayHead(head);
            state = State.RELAYING;
        }
        if (content instanceof LastHttpContent) {
            state = State.DONE;
            cancelTimer();
            handler.detach();
            if (keepAlive) {
                connections.release(channel);
            } else {
                channel.close();
            }
            onOutcome.accept(new Outcome(Result.ANSWERED, head.status().code(), headNanos, null));
            client.relayContent(content);
            return;
        }
        client.relayContent(content);
        if (!client.isWritable()) { // a slow client: stop reading the upstream until it catches up
            Channel upstream = channel;
            upstream.config().setAutoRead(false);
            client.whenWritable(() -> upstream.config().setAutoRead(true));
        }
    }

    /** The connection failed: closed, reset, unparseable, timed out. */
    void onUpstreamFailed(Throwable error) {
        if (state == State.DONE) {
            return;
        }
        State was = state;
        state = State.DONE;
        cancelTimer();
        if (channel != null) {
            handler.detach();
            channel.close();
        }
        long nanos = System.nanoTime() - start;
        switch (was) {
            case CONNECTING, SENT -> onOutcome.accept(new Outcome(Result.NOT_ANSWERED, 0, nanos, error));
            case HEAD -> onOutcome.accept(new Outcome(Result.BROKE_BEFORE_BODY, head.status().code(), headNanos, error));
            case RELAYING -> {
                onOutcome.accept(new Outcome(Result.BROKE_MIDWAY, head.status().code(), headNanos, error));
                client.cutShort();
            }
            case DONE -> {
            }
        }
    }

    private void clientGone() {
        if (state == State.DONE) {
            return;
        }
        int status = head == null ? 0 : head.status().code();
        state = State.DONE;
        cancelTimer();
        if (channel != null) {
            handler.detach();
            channel.close(); // the answer is unfinished: the connection cannot serve another request
        }
        onOutcome.accept(new Outcome(Result.CLIENT_GONE, status, head == null ? System.nanoTime() - start : headNanos,
                null));
    }

    private void checkTimeout() {
        if (state == State.DONE) {
            return;
        }
        long silent = System.nanoTime() - lastActivity;
        if (silent >= timeoutNanos) {
            onUpstreamFailed(new SocketTimeoutException("no answer from the upstream within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
        } else {
            timer = client.eventLoop().schedule(this::checkTimeout, timeoutNanos - silent, TimeUnit.NANOSECONDS);
        }
    }

    private void end(Outcome outcome) {
        state = State.DONE;
        cancelTimer();
        onOutcome.accept(outcome);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
