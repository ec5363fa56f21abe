package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;

/**
 * The retention sweeps ask their questions every minute, in batches, while the history keeps every transaction
 * for an hour: at 100 transfers/s that is 360,000 rows, most of them with their decision already forgotten and
 * not due for removal yet. Each question must go straight to the rows it answers with: walking an index from the
 * oldest row read every forgotten row first, on every batch (the decisions due: a seventh of the coordinator's
 * CPU under load), and the removals read the whole table through the HEURISTIC index. Recovery's question (the
 * unfinished ones) is answered from the same index. Checked with H2's own count of the rows each query read
 * ({@code EXPLAIN ANALYZE}).
 */
class RetentionQueriesTest {

    /** Completed 20 minutes ago, decision forgotten: neither due to forget nor to remove (retention 1 h). */
    private static final int FORGOTTEN = 20_000;
    /** Completed 20 minutes ago, decision still kept: due to be forgotten (decision retention 10 min). */
    private static final int DUE = 5;
    /** Completed two hours ago, decision forgotten: due to be removed (in batches of 100 below). */
    private static final int EXPIRED = 300;
    private static final int UNFINISHED = 3;

    @TempDir
    static Path dataDir;
    static FakeCluster cluster;
    static Coordinator coordinator;
    static TransactionHistory history;
    static final Instant NOW = Instant.now();

    @BeforeAll
    static void history() throws Exception {
        cluster = new FakeCluster(1);
        coordinator = Coordinator.start(dataDir, cluster, "spring.jpa.properties.hibernate.session_factory."
                + "statement_inspector=" + RecordingStatementInspector.class.getName());
        coordinator.beans(Periodic.class).forEach(Periodic::stop); // neither retention nor recovery touches them
        history = coordinator.bean(TransactionHistory.class);
        String twoHoursAgo = at(NOW.minus(2, ChronoUnit.HOURS));
        String twentyMinutesAgo = at(NOW.minus(20, ChronoUnit.MINUTES));
        try (Connection c = coordinator.bean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, completed_at, "
                    + "decision_forgotten_at) select 'forgotten-' || x, 'COMMITTED', 'paxos', 'c', dateadd(millisecond, "
                    + "x, " + twentyMinutesAgo + "), dateadd(millisecond, x, " + twentyMinutesAgo + "), "
                    + "current_timestamp from system_range(1, " + FORGOTTEN + ")");
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, completed_at) "
                    + "select 'due-' || x, 'COMMITTED', 'paxos', 'c', " + twentyMinutesAgo + ", "
                    + twentyMinutesAgo + " from system_range(1, " + DUE + ")");
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, completed_at, "
                    + "decision_forgotten_at) select 'expired-' || x, 'COMMITTED', 'paxos', 'c', " + twoHoursAgo
                    + ", " + twoHoursAgo + ", current_timestamp from system_range(1, " + EXPIRED + ")");
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at) select "
                    + "'unfinished-' || x, 'PREPARING', 'paxos', 'c', " + twoHoursAgo + " from system_range(1, "
                    + UNFINISHED + ")");
        }
    }

    @AfterAll
    static void stop() {
        coordinator.close();
        cluster.close();
    }

    @Test
    void findsTheDueDecisionsWithoutReadingTheForgottenOnes() throws Exception {
        Instant cutoff = NOW.minus(10, ChronoUnit.MINUTES);

        String sql = statementOf(() -> assertThat(history.decisionsToForget(cutoff, 500)).hasSize(DUE)
                .allSatisfy(t -> assertThat(t.getId()).startsWith("due-")));

        assertThat(rowsRead(sql, cutoff, 500)).isLessThan(100);
    }

    @Test
    void findsTheExpiredTransactionsWithoutReadingTheOthers() throws Exception {
        Instant cutoff = NOW.minus(1, ChronoUnit.HOURS);

        // the query before the deletes; its plan is asked afterwards, for the next batch (200 rows still due)
        String sql = statementOf(() -> assertThat(history.removeCompleted(cutoff, 100)).isEqualTo(100));

        assertThat(rowsRead(sql, cutoff, 100)).as("the batch, not every row due nor the forgotten ones")
                .isLessThan(150);
        assertThat(history.removeCompleted(cutoff, 1000)).isEqualTo(EXPIRED - 100);
        assertThat(history.find("expired-1")).isEmpty();
        assertThat(history.find("forgotten-1")).isPresent();
    }

    @Test
    void findsTheUnfinishedWithoutReadingTheCompleted() throws Exception {
        String sql = statementOf(() -> assertThat(history.unfinished()).extracting(TransactionRecord::getId)
                .containsExactlyInAnyOrder("unfinished-1", "unfinished-2", "unfinished-3"));

        assertThat(rowsRead(sql)).isLessThan(100);
    }

    @Test
    void findsTheNewestOfAStatusWithoutReadingThemAll() throws Exception {
        String sql = statementOf(() -> assertThat(history.recent(TxStatus.COMMITTED, 20)).hasSize(20)
                .extracting(TransactionRecord::getId).startsWith("forgotten-" + FORGOTTEN));

        assertThat(rowsRead(sql, TxStatus.COMMITTED.name(), 20)).isLessThan(100);
    }

    /** The select statement that {@code call} made first. */
    private static String statementOf(Runnable call) {
        synchronized (RecordingStatementInspector.STATEMENTS) {
            RecordingStatementInspector.STATEMENTS.clear();
            call.run();
            return RecordingStatementInspector.STATEMENTS.stream().filter(q -> q.startsWith("select")).findFirst()
                    .orElseThrow();
        }
    }

    /** The rows H2 reads to answer {@code sql} with these parameters (instants as timestamps with time zone). */
    private static int rowsRead(String sql, Object... parameters) throws Exception {
        try (Connection c = coordinator.bean(DataSource.class).getConnection();
                PreparedStatement explain = c.prepareStatement("explain analyze " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i] instanceof Instant t ? t.atOffset(ZoneOffset.UTC)
                        : parameters[i]);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                String text = plan.getString(1);
                Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(text);
                assertThat(m.find()).as("a scan count in %s", text).isTrue();
                return Integer.parseInt(m.group(1));
            }
        }
    }

    private static String at(Instant instant) {
        return "timestamp with time zone '" + OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
    }
}
