package dev.distlab.participant.replication;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * A second Tomcat connector, with a thread pool of its own, for the protocol messages of the other replicas.
 * Client writes hold their thread until they commit; on the shared connector, enough of them took every thread,
 * and the followers' replies that would commit them queued behind them until the writes timed out and a follower
 * ran for leadership. Each peer sends one batch at a time, so a few threads serve them all. A port that cannot be
 * bound fails the startup, as the main port does. Its threads are named {@code http-nio-<port>-exec-<n>}.
 */
final class PeerConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** Each other replica has one batch in flight at a time; five replicas need four. */
    static final int THREADS = 8;

    private final int port;

    PeerConnector(int port) {
        this.port = port;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(port);
        connector.setProperty("maxThreads", String.valueOf(THREADS));
        connector.setProperty("minSpareThreads", "2");
        factory.addAdditionalConnectors(connector);
    }
}
