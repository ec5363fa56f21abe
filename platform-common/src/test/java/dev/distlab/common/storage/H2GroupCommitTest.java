package dev.distlab.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The group commit: one CHECKPOINT SYNC serves every caller waiting, and never one that started before a call. */
class H2GroupCommitTest {

    /** An H2 file database whose connections (one per sync) can be held back. */
    static final class SlowDatabase extends HikariDataSource {
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile long delayMillis;
        volatile boolean broken;

        SlowDatabase(Path dir) {
            setJdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
            setUsername("sa");
            setPassword("");
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                gate.await(10, TimeUnit.SECONDS);
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (broken) {
                throw new SQLException("the disk is gone");
            }
            return super.getConnection();
        }
    }

    /** What the group commit declared fatal; production would have exited. */
    record Fatal(String why, Throwable cause) {
    }

    @TempDir
    Path dir;
    SlowDatabase database;
    H2GroupCommit disk;
    final List<Fatal> fatal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        database = new SlowDatabase(dir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        disk = new H2GroupCommit("the test database", database, registry.timer("force"), registry.counter("syncs"),
                (why, cause) -> fatal.add(new Fatal(why, cause)));
    }

    @AfterEach
    void close() {
        disk.close();
        database.close();
    }

    @Test
    void shouldServeConcurrentCallersWithFewerSyncsThanCalls() {
        database.delayMillis = 5;
        List<CompletableFuture<Void>> callers = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.runAsync(() -> {
                    for (int n = 0; n < 10; n++) {
                        disk.force();
                    }
                })).toList();

        callers.forEach(c -> c.orTimeout(30, TimeUnit.SECONDS).join());

        assertThat(disk.syncCount()).isPositive().isLessThanOrEqualTo(80);
    }

    @Test
    void shouldMakeACallerThatArrivesDuringASyncWaitForTheNextOne() throws Exception {
        database.gate = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(disk::force);
        Thread.sleep(100); // the first sync has started and is held at its connection
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            disk.force();
            return disk.syncCount();
        });
        Thread.sleep(100);
        assertThat(second).isNotDone();

        database.gate.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).as("served by a sync that began after it arrived")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRefuseToForceOnceClosed() {
        disk.force();
        disk.close();

        assertThatThrownBy(disk::force).isInstanceOf(H2GroupCommit.DiskForceException.class);
    }

    @Test
    void shouldFailTheCallersOfAFailedForceAndDeclareItFatalOnce() throws Exception {
        database.gate = new CountDownLatch(1);
        database.broken = true;
        List<CompletableFuture<Void>> callers = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.runAsync(disk::force)).toList();
        Thread.sleep(100); // all four wait for the sync held at its connection
        database.gate.countDown();

        for (CompletableFuture<Void> caller : callers) {
            assertThatThrownBy(() -> caller.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(H2GroupCommit.DiskForceException.class)
                    .hasMessageContaining("forcing the test database to disk failed");
        }
        assertThat(fatal).singleElement().satisfies(f -> {
            assertThat(f.why()).startsWith("the test database could not be forced to disk (the disk is gone)");
            assertThat(f.cause()).isInstanceOf(SQLException.class);
        });
    }

    /** fsyncgate: after a failed fsync a later one may succeed without the lost pages, so none is trusted. */
    @Test
    void shouldTrustNoForceAfterAFailedOne() {
        database.broken = true;
        assertThatThrownBy(disk::force).isInstanceOf(H2GroupCommit.DiskForceException.class);

        database.broken = false;

        assertThatThrownBy(disk::force).isInstanceOf(H2GroupCommit.DiskForceException.class)
                .hasMessageContaining("failed").hasRootCauseMessage("the disk is gone");
        assertThat(disk.syncCount()).isZero();
        assertThat(fatal).hasSize(1);
    }
}
