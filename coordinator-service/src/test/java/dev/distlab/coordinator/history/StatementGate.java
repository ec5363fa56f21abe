package dev.distlab.coordinator.history;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Holds the next SQL statement that contains an armed text, on the thread that prepares it, until {@link #open()}:
 * a test keeps a group of history writes in its database transaction so that the next writes have to queue.
 * Hibernate makes its own instance, hence the static state.
 */
public class StatementGate implements StatementInspector {

    private static final AtomicReference<String> armed = new AtomicReference<>();
    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch open = new CountDownLatch(0);

    /** The next statement containing {@code sqlText} waits for {@link #open()}. */
    static void arm(String sqlText) {
        entered = new CountDownLatch(1);
        open = new CountDownLatch(1);
        armed.set(sqlText);
    }

    /** Waits until the armed statement is held; false if none came within ten seconds. */
    static boolean awaitHeld() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    static void open() {
        armed.set(null);
        open.countDown();
    }

    @Override
    public String inspect(String sql) {
        String text = armed.get();
        if (text != null && sql.contains(text) && armed.compareAndSet(text, null)) {
            entered.countDown();
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the statement gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the statement gate", e);
            }
        }
        return sql;
    }
}
