package dev.distlab.gateway.routing;

import java.io.IOException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of an upstream connection's pipeline: hands what the upstream sends to the exchange the connection is
 * serving, and closes a connection that is idle too long or that speaks when no request is out on it.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final UpstreamConnections connections;
    private UpstreamExchange current;

    UpstreamHandler(UpstreamConnections connections) {
        this.connections = connections;
    }

    void attach(UpstreamExchange exchange) {
        this.current = exchange;
    }

    void detach() {
        this.current = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamExchange exchange = current;
        if (exchange == null || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // an answer nobody asked for: the connection cannot be trusted any more
            return;
        }
        exchange.onUpstream(object);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.forget(ctx.channel());
        UpstreamExchange exchange = current;
        if (exchange != null) {
            exchange.onUpstreamFailed(new IOException("the connection was closed by the upstream"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamExchange exchange = current;
        ctx.close();
        if (exchange != null) {
            exchange.onUpstreamFailed(cause);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && current == null) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
