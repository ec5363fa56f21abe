package dev.distlab.gateway.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Keep-alive connections to the upstreams, pooled per event loop: a request is sent on a connection of the same
 * thread as its client's connection, so a proxied exchange never changes threads and the pool needs no lock. At
 * most {@code maxIdlePerUpstream} idle connections are kept per upstream and loop; one idle for
 * {@code idleTimeout} is closed (before the upstream's own keep-alive timeout closes it under a request). A
 * connection the upstream closed is noticed by its loop at once and never handed out.
 */
final class UpstreamConnections {

    private static final AttributeKey<String> KEY = AttributeKey.valueOf("distlab.upstream");

    private final Bootstrap template;
    private final int maxIdlePerUpstream;
    private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    UpstreamConnections(Duration connectTimeout, Duration idleTimeout, int maxIdlePerUpstream) {
        this.maxIdlePerUpstream = maxIdlePerUpstream;
        long idleMillis = idleTimeout.toMillis();
        this.template = new Bootstrap().channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS),
                                new HttpClientCodec(), new UpstreamHandler(UpstreamConnections.this));
                    }
                });
    }

    /** A connection to {@code host:port} in {@code loop}: an idle one if there is, else a new one. */
    Future<Channel> acquire(EventLoop loop, String host, int port) {
        assert loop.inEventLoop();
        String key = host + ":" + port;
        ArrayDeque<Channel> pooled = idle.get().get(key);
        if (pooled != null) {
            Channel channel;
            while ((channel = pooled.pollLast()) != null) { // the most recently used: the least likely to time out
                if (channel.isActive()) {
                    return loop.newSucceededFuture(channel);
                }
            }
        }
        Promise<Channel> connected = loop.newPromise();
        ChannelFuture connecting = template.clone(loop).connect(host, port);
        connecting.channel().attr(KEY).set(key);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                connected.setSuccess(connecting.channel());
            } else {
                connected.setFailure(f.cause());
            }
        });
        return connected;
    }

    /** Gives back a connection whose exchange is complete and that may be used again. */
    void release(Channel channel) {
        assert channel.eventLoop().inEventLoop();
        ArrayDeque<Channel> pooled = idle.get().computeIfAbsent(channel.attr(KEY).get(), k -> new ArrayDeque<>());
        if (channel.isActive() && pooled.size() < maxIdlePerUpstream) {
            pooled.addLast(channel);
        } else {
            channel.close();
        }
    }

    /** Forgets a closed connection (called in its loop). */
    void forget(Channel channel) {
        ArrayDeque<Channel> pooled = idle.get().get(channel.attr(KEY).get());
        if (pooled != null) {
            pooled.remove(channel);
        }
    }

    /** The exchange a connection's answers go to: set while a request is out on it. */
    static UpstreamHandler handlerOf(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }
}
