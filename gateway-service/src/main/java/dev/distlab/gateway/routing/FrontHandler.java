package dev.distlab.gateway.routing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.ProblemResponses;
import dev.distlab.common.web.InstanceIdFilter;
import dev.distlab.common.web.RequestLogFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One client connection of the front: reads each request whole (bounded by the body size limit: 413 before the
 * body is read when its length is announced, as soon as it passes the limit when not), hands it to
 * {@link FrontDispatch}, and writes the answer back. Requests a client sends ahead (pipelining) wait their turn, at
 * most {@value #MAX_WAITING}.
 */
final class FrontHandler extends ChannelInboundHandlerAdapter implements ClientSink {

    private static final Logger log = LoggerFactory.getLogger(FrontHandler.class);
    /** The platform's one line per request, under the same logger as everywhere else. */
    private static final Logger requestLog = LoggerFactory.getLogger(RequestLogFilter.class);
    private static final int MAX_WAITING = 16;
    /** How long a refused client may go on sending before its connection is closed anyway. */
    private static final long LINGER_SECONDS = 5;

    private final FrontDispatch dispatch;
    private final String instanceId;
    private final ArrayDeque<ProxyRequest> waiting = new ArrayDeque<>(0);
    private ChannelHandlerContext ctx;

    private HttpRequest reading;
    private CompositeByteBuf body;
    private long bodyLimit;
    private boolean discarding;
    /** The refusal is written and the output shut: reads are drained until the client closes or time is up. */
    private boolean lingering;

    private ProxyRequest current;
    private long started;
    private int status;
    private Runnable onGone;
    private Runnable onWritable;

    FrontHandler(FrontDispatch dispatch, String instanceId) {
        this.dispatch = dispatch;
        this.instanceId = instanceId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) { // answered and closing: whatever still comes is dropped unread, never a new request
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            startReading(request);
        }
        if (msg instanceof HttpContent content) {
            readBody(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startReading(HttpRequest request) {
        discarding = false;
        if (request.decoderResult().isFailure()) {
            refuseAndClose(HttpStatus.BAD_REQUEST, "The request could not be parsed: "
                    + request.decoderResult().cause().getMessage(), "");
            return;
        }
        reading = request;
        bodyLimit = dispatch.bodyLimit(pathOf(request.uri()));
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > bodyLimit) {
            refuseAndClose(HttpStatus.CONTENT_TOO_LARGE, "Request body of " + length
                    + " bytes exceeds the limit of " + bodyLimit + " bytes", pathOf(request.uri()));
            return;
        }
        // a 100 Continue may not go out in the middle of an earlier answer: a client that pipelines behind one
        // sends its body after its own wait instead (RFC 9110 10.1.1 lets it)
        if (HttpUtil.is100ContinueExpected(request) && current == null) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void readBody(HttpContent content) {
        try {
            if (discarding || reading == null) {
                return;
            }
            ByteBuf piece = content.content();
            if (piece.isReadable()) {
                if (body == null) {
                    body = ctx.alloc().compositeBuffer();
                }
                if (body.readableBytes() + (long) piece.readableBytes() > bodyLimit) {
                    refuseAndClose(HttpStatus.CONTENT_TOO_LARGE, "Request body exceeds the limit of " + bodyLimit
                            + " bytes", pathOf(reading.uri()));
                    return;
                }
                body.addComponent(true, piece.retain());
            }
            if (content instanceof LastHttpContent) {
                HttpRequest request = reading;
                ByteBuf whole = body == null ? Unpooled.EMPTY_BUFFER : body;
                reading = null;
                body = null;
                InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
                accept(new ProxyRequest(request.method(), request.uri(), pathOf(request.uri()), request.headers(),
                        whole, remote.getAddress().getHostAddress()));
            }
        } finally {
            content.release();
        }
    }

    private void accept(ProxyRequest request) {
        if (current != null) {
            if (waiting.size() >= MAX_WAITING) {
                request.body().release();
                ctx.close();
                return;
            }
            waiting.add(request);
            return;
        }
        serve(request);
    }

    private void serve(ProxyRequest request) {
        current = request;
        started = System.nanoTime();
        try {
            dispatch.serve(request, this);
        } catch (ProblemException e) {
            problem(e);
        } catch (RuntimeException e) {
            log.error("{} {} failed in the gateway", request.method(), request.path(), e);
            problem(new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to proxy the request: "
                    + e));
        }
    }

    /** The answer to the current request is written: the next one waiting is served. */
    private void finished(int status) {
        ProxyRequest done = current;
        if (done == null) {
            return;
        }
        if (requestLog.isDebugEnabled()) {
            logRequest(done, status);
        }
        done.body().release();
        current = null;
        onGone = null;
        onWritable = null;
        ProxyRequest next = waiting.poll();
        if (next != null) {
            serve(next);
        }
    }

    /**
     * The platform's DEBUG line for a request, with the trace it came in (a W3C {@code traceparent}) in the log's
     * trace fields, so that a request can be followed through the gateway's log as through the services'.
     */
    private void logRequest(ProxyRequest request, int status) {
        String traceparent = request.headers().get("traceparent");
        boolean traced = traceparent != null && traceparent.length() >= 55;
        if (traced) {
            MDC.put("traceId", traceparent.substring(3, 35));
            MDC.put("spanId", traceparent.substring(36, 52));
        }
        try {
            requestLog.debug("{} {} -> {} in {} ms", request.method(), request.path(), status,
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            if (traced) {
                MDC.remove("traceId");
                MDC.remove("spanId");
            }
        }
    }

    private void refuseAndClose(HttpStatus status, String detail, String path) {
        discarding = true;
        reading = null;
        if (body != null) {
            body.release();
            body = null;
        }
        if (current != null) { // an answer is still being written: the refusal cannot go before it
            log.info("Closing a client connection without answering its refused request ({}: {}): an earlier answer "
                    + "on it is still being written", status.value(), detail);
            ctx.close();
            return;
        }
        requestLog.debug("{} -> {} before its body was read: {}", path.isEmpty() ? "a request" : path,
                status.value(), detail);
        answerThenCloseGracefully(problemResponse(new ProblemException(status, detail), path));
    }

    /**
     * Writes a last answer, then closes in stages (RFC 9112 9.6): the output is shut once the answer is out, and
     * what the client still sends is read and dropped until it closes, for at most {@value #LINGER_SECONDS} s.
     * Closing at once while its body still arrives would make the kernel reset the connection, and a reset may
     * discard the answer before the client has read it. The keep-alive handler goes first: on an answer saying
     * {@code Connection: close} it would close at once.
     */
    private void answerThenCloseGracefully(FullHttpResponse answer) {
        if (ctx.pipeline().get(HttpServerKeepAliveHandler.class) != null) {
            ctx.pipeline().remove(HttpServerKeepAliveHandler.class);
        }
        lingering = true;
        ctx.writeAndFlush(answer).addListener(written -> {
            if (!written.isSuccess() || !(ctx.channel() instanceof DuplexChannel duplex)) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput();
            ctx.executor().schedule((Runnable) ctx::close, LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    // ---- ClientSink

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void problem(ProblemException problem) {
        if (current == null) {
            return;
        }
        ctx.writeAndFlush(problemResponse(problem, current.path()));
        finished(problem.getProblem().getStatus());
    }

    private FullHttpResponse problemResponse(ProblemException problem, String path) {
        byte[] json = ProblemResponses.json(problem.getProblem(), path);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.getProblem().getStatus()), Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ProblemResponses.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(InstanceIdFilter.HEADER, instanceId);
        for (Map.Entry<String, List<String>> header : problem.getHeaders().headerSet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        if (discarding) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    @Override
    public void relayHead(HttpResponse head) {
        status = head.status().code();
        ctx.write(head);
    }

    @Override
    public void relayContent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            ctx.writeAndFlush(content);
            finished(status);
        } else {
            ctx.writeAndFlush(content); // pieces go on at once: a watch or a stream must not wait for the end
        }
    }

    @Override
    public void cutShort() {
        ctx.flush();
        ctx.close();
        ProxyRequest request;
        while ((request = waiting.poll()) != null) { // answered on a connection that is closing: never sent
            request.body().release();
        }
        finished(status);
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void whenWritable(Runnable resume) {
        onWritable = resume;
    }

    @Override
    public void whenGone(Runnable cancel) {
        onGone = cancel;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Runnable resume = onWritable;
        if (resume != null && ctx.channel().isWritable()) {
            onWritable = null;
            resume.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Runnable cancel = onGone;
        onGone = null;
        if (cancel != null) {
            cancel.run();
        }
        if (current != null) {
            current.body().release();
            current = null;
        }
        ProxyRequest request;
        while ((request = waiting.poll()) != null) {
            request.body().release();
        }
        if (body != null) {
            body.release();
            body = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("A client connection failed: {}", cause.toString());
        } else {
            log.warn("A client connection failed", cause);
        }
        ctx.close();
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
