package dev.distlab.common.http;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The Apache HttpClient 5 (classic, blocking) under {@link ServiceCalls}: a call is written and its answer read on
 * the caller's own thread, over a pool of kept-alive connections. It never sends a request twice (no automatic
 * retries: the callers' protocols decide what may be repeated, and not every call is idempotent), follows no
 * redirects, keeps no cookies and asks for no compression, as the JDK client it replaces did not either.
 */
final class PooledHttpClient {

    /**
     * Connections to one callee at most. A caller's calls wait for their answers on its threads (Tomcat's 200 request
     * threads, the coordinator's participant-call pool, the replicas' batching senders), so this many is more than
     * it makes at once in normal running; a call that finds every one busy waits for one, within its timeout.
     */
    static final int MAX_CONNECTIONS_PER_CALLEE = 256;
    /** Connections of one client to all its callees (participants, peers) at most. */
    static final int MAX_CONNECTIONS = 1024;
    /**
     * How long an idle connection is kept for the next call: well below the callees' keep-alive timeout (Tomcat's
     * default, 60 s, which is also what it announces), so that no call goes out on a connection the callee is closing.
     */
    static final TimeValue KEEP_ALIVE = TimeValue.ofSeconds(15);
    /** A connection idle this long is checked (a 1 ms read) before a call goes out on it: the callee may have gone. */
    static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(2);

    private PooledHttpClient() {
    }

    /** A client of its own pool, whose connections that are not made within {@code connectTimeout} fail the call. */
    static CloseableHttpClient create(Duration connectTimeout) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_CALLEE).setMaxConnTotal(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout)).setValidateAfterInactivity(CHECK_AFTER_IDLE)
                        .build())
                .build();
        IdleConnections.sweep(pool);
        return HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionKeepAlive(KEEP_ALIVE).build())
                .setKeepAliveStrategy((response, context) -> keepAlive(
                        DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context)))
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
                .disableContentCompression().disableConnectionState().build();
    }

    /** {@link #KEEP_ALIVE}, or less if the callee announced less ({@code Keep-Alive: timeout=n}). */
    private static TimeValue keepAlive(TimeValue announced) {
        return TimeValue.isPositive(announced) ? KEEP_ALIVE.min(announced) : KEEP_ALIVE;
    }
}
