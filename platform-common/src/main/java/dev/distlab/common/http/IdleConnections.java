package dev.distlab.common.http;

import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;

/**
 * Closes the pooled connections of the {@link ServiceCalls} whose keep-alive ran out. A pool closes those only when a
 * call looks for a connection to the same callee and reaches them, so after a burst, or once a callee is no longer
 * called, they would stay open, half-closed by the callee. One daemon thread sweeps every pool of the process; a pool
 * nobody uses any more (its {@code ServiceCalls} gone) is forgotten.
 */
final class IdleConnections {

    private static final long PERIOD_SECONDS = PooledHttpClient.KEEP_ALIVE.toSeconds();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "service-call-idle-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    private IdleConnections() {
    }

    /** Sweeps {@code pool} from now on, for as long as something else holds on to it. */
    static void sweep(PoolingHttpClientConnectionManager pool) {
        WeakReference<PoolingHttpClientConnectionManager> held = new WeakReference<>(pool);
        AtomicReference<ScheduledFuture<?>> sweeping = new AtomicReference<>();
        sweeping.set(SWEEPER.scheduleWithFixedDelay(() -> {
            PoolingHttpClientConnectionManager swept = held.get();
            if (swept == null || swept.isClosed()) {
                sweeping.get().cancel(false);
                return;
            }
            swept.closeExpired();
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS));
    }
}
