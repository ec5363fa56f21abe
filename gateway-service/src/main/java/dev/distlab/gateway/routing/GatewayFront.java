package dev.distlab.gateway.routing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The gateway's listening port: an event-loop HTTP server (Netty) that proxies the routed paths itself and passes
 * everything else to the gateway's own endpoints on Tomcat behind it. It starts after Tomcat and stops before it;
 * when it cannot listen, the gateway fails to start. Once listening, its port is {@code local.server.port} (what
 * {@code server.port} asked for, or the one picked for 0); Tomcat's is {@code local.gateway.own-endpoints.port}.
 */
final class GatewayFront implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GatewayFront.class);

    private final FrontDispatch dispatch;
    private final String instanceId;
    private final InetAddress address;
    private final int port;
    private final int threads;
    private final ExecutorService faultWaits;
    private final ConfigurableEnvironment environment;
    private final EventLoopGroup group;
    private final IntSupplier ownEndpointsPort;
    private volatile Channel server;

    GatewayFront(FrontDispatch dispatch, String instanceId, InetAddress address, int port, EventLoopGroup group,
            int threads, ExecutorService faultWaits, ConfigurableEnvironment environment,
            IntSupplier ownEndpointsPort) {
        this.dispatch = dispatch;
        this.instanceId = instanceId;
        this.address = address;
        this.port = port;
        this.group = group;
        this.threads = threads;
        this.faultWaits = faultWaits;
        this.environment = environment;
        this.ownEndpointsPort = ownEndpointsPort;
    }

    /** The event loops of the front and of its upstream connections. */
    static EventLoopGroup eventLoops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("gateway-front"),
                NioIoHandler.newFactory());
    }

    @Override
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new FrontHandler(dispatch, instanceId));
                    }
                });
        try {
            server = (address == null ? bootstrap.bind(port) : bootstrap.bind(address, port)).syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the BindException unchecked, as it came
            // the event loops already run and are not daemons: left running, they would keep a gateway that failed
            // to start alive, not listening and never ready (stop() is not called for a lifecycle that never ran)
            shutDownThreads();
            throw new IllegalStateException("The gateway cannot listen on " + (address == null ? "" : address + ":")
                    + port + ": " + e.getMessage(), e);
        }
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        publish(bound);
        log.info("Gateway listening on port {} ({} front threads); its own endpoints are served behind it on "
                + "127.0.0.1:{}", bound, threads, ownEndpointsPort.getAsInt());
    }

    /** Tells the application (and tests asking for the server's port) where the gateway listens. */
    @SuppressWarnings("unchecked")
    private void publish(int bound) {
        PropertySource<?> ports = environment.getPropertySources().get("server.ports");
        Map<String, Object> values;
        if (ports instanceof MapPropertySource map) {
            values = (Map<String, Object>) map.getSource();
        } else {
            values = new HashMap<>();
            environment.getPropertySources().addFirst(new MapPropertySource("server.ports", values));
        }
        values.put("local.gateway.own-endpoints.port", ownEndpointsPort.getAsInt());
        values.put("local.server.port", bound);
    }

    @Override
    public void stop() {
        Channel listening = server;
        server = null;
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        shutDownThreads();
    }

    private void shutDownThreads() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        faultWaits.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** After Tomcat has started (and its port is known), before its graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
