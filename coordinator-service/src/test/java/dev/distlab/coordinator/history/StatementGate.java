package dev.distlab.coordinator.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.api.Trigger;

/**
 * Holds the next statement that inserts into or updates an armed table, on the thread that runs it, until
 * {@link #open()}: a test keeps a group of history writes in its database transaction so that the next writes have
 * to queue. An H2 trigger, so it holds a statement however it is sent (the history writes in plain JDBC, not
 * through Hibernate); H2 makes an instance per trigger, hence the static state.
 */
public class StatementGate implements Trigger {

    private static final String[] TABLES = { "coord_transaction", "coord_branch" };

    private static final AtomicReference<String> armed = new AtomicReference<>();
    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch open = new CountDownLatch(0);

    /** What this instance guards, as {@link #arm} names it: {@code insert into <table>} or {@code update <table>}. */
    private String statement;

    /** Puts the gate on every insert and update of the history's tables (again: nothing happens). */
    static void install(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                for (String operation : new String[] { "insert", "update" }) {
                    s.execute("create trigger if not exists gate_" + operation + "_" + table + " before "
                            + operation + " on " + table + " for each row call \"" + StatementGate.class.getName()
                            + "\"");
                }
            }
        }
    }

    /** The next {@code "insert into <table>"} or {@code "update <table>"} waits for {@link #open()}. */
    static void arm(String statement) {
        entered = new CountDownLatch(1);
        open = new CountDownLatch(1);
        armed.set(statement);
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
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) {
        String table = tableName.toLowerCase(Locale.ROOT);
        statement = type == Trigger.INSERT ? "insert into " + table : "update " + table;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        String text = armed.get();
        if (statement.equals(text) && armed.compareAndSet(text, null)) {
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
    }
}
