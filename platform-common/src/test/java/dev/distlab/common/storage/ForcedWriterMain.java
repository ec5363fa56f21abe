package dev.distlab.common.storage;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import dev.distlab.common.fatal.FatalErrors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The child JVM of {@link H2ForceCrashTest}: opens an H2 file database as the services do (Hikari, {@code
 * DB_CLOSE_ON_EXIT=FALSE}), inserts rows from several threads, forces each commit with {@link H2GroupCommit}
 * and prints {@code forced <id>} only once that force has returned — each printed id is a promise that a
 * SIGKILL from then on cannot lose the row. Runs until killed.
 * <p>
 * Arguments: the JDBC URL, the number of writer threads, the payload size in bytes, the longest pause between
 * a writer's rows and the longest delay between a commit and its force (milliseconds, each drawn at random; 0 for
 * none). Pauses leave the database idle long enough for MVStore's background writer to store on its own (it does
 * after {@code WRITE_DELAY} without a store); a delayed force is what a descheduled or GC-paused thread does.
 */
public final class ForcedWriterMain {

    static final String READY = "ready";
    static final String FORCED = "forced ";

    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        int payloadBytes = Integer.parseInt(args[2]);
        int maxPauseMillis = Integer.parseInt(args[3]);
        int maxForceDelayMillis = Integer.parseInt(args[4]);
        SlowSaveFilePath.register();
        HikariDataSource database = new HikariDataSource();
        database.setJdbcUrl(url);
        database.setUsername("sa");
        database.setPassword("");
        database.setMaximumPoolSize(threads + 1);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS forced (id BIGINT PRIMARY KEY, payload VARCHAR(" + payloadBytes
                    + "))");
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a failed force must end this process, not let it print ids it cannot stand behind
        H2GroupCommit disk = new H2GroupCommit("the crash test database", database, registry.timer("force"),
                registry.counter("syncs"), (why, cause) -> Runtime.getRuntime().halt(FatalErrors.EXIT_CODE));
        AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
        String payload = "x".repeat(payloadBytes);
        print(READY);
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> write(database, disk, ids, payload, maxPauseMillis,
                    maxForceDelayMillis), "writer-" + t);
            writer.start();
        }
    }

    private static void write(HikariDataSource database, H2GroupCommit disk, AtomicLong ids, String payload,
            int maxPauseMillis, int maxForceDelayMillis) {
        try (Connection c = database.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO forced (id, payload) VALUES (?, ?)")) {
            while (true) {
                long id = ids.incrementAndGet();
                insert.setLong(1, id);
                insert.setString(2, payload);
                insert.executeUpdate(); // auto-commit
                sleepUpTo(maxForceDelayMillis);
                disk.force();
                print(FORCED + id);
                sleepUpTo(maxPauseMillis);
            }
        } catch (Exception e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void sleepUpTo(int maxMillis) throws InterruptedException {
        if (maxMillis > 0) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(maxMillis + 1));
        }
    }

    /** One write(2) per line, so that a line is either wholly in the pipe or not at all. */
    private static void print(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                Runtime.getRuntime().halt(1);
            }
        }
    }
}
