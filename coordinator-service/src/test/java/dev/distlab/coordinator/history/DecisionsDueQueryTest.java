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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.coordinator.retention.RetentionSweep;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;

/**
 * The retention sweep asks for the decisions due to be forgotten (completed before the cutoff, not forgotten yet)
 * every minute, in batches of 500, while the history keeps every transaction for an hour: at 100 transfers/s that
 * is 360,000 rows, most of them already forgotten. The question must go straight to the due ones; walking the
 * completion index from the oldest row read every forgotten row first, on every batch, and took a seventh of the
 * coordinator's CPU under load. Checked with H2's own count of the rows the query read ({@code EXPLAIN ANALYZE}).
 */
class DecisionsDueQueryTest {

    private static final int FORGOTTEN = 20_000;
    private static final int DUE = 5;

    @Test
    void findsTheDueDecisionsWithoutReadingTheForgottenOnes(@TempDir Path dataDir) throws Exception {
        try (FakeCluster cluster = new FakeCluster(1);
                Coordinator coordinator = Coordinator.start(dataDir, cluster,
                        "spring.jpa.properties.hibernate.session_factory.statement_inspector="
                                + RecordingStatementInspector.class.getName())) {
            coordinator.bean(RetentionSweep.class).stop();
            Instant now = Instant.now();
            String twoHoursAgo = "timestamp with time zone '" + at(now.minus(2, ChronoUnit.HOURS)) + "'";
            String twentyMinutesAgo = "timestamp with time zone '" + at(now.minus(20, ChronoUnit.MINUTES)) + "'";
            try (Connection c = coordinator.bean(DataSource.class).getConnection();
                    Statement s = c.createStatement()) {
                // completed two hours ago, their decisions forgotten since: what the history holds most of
                s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, decided_at, "
                        + "completed_at, decision_forgotten_at) select 'old-' || x, 'COMMITTED', 'paxos', 'c', "
                        + "dateadd(millisecond, x, " + twoHoursAgo + "), null, dateadd(millisecond, x, "
                        + twoHoursAgo + "), current_timestamp from system_range(1, " + FORGOTTEN + ")");
                s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, completed_at) "
                        + "select 'due-' || x, 'COMMITTED', 'paxos', 'c', " + twentyMinutesAgo + ", "
                        + twentyMinutesAgo + " from system_range(1, " + DUE + ")");
            }
            TransactionHistory history = coordinator.bean(TransactionHistory.class);
            RecordingStatementInspector.STATEMENTS.clear();
            Instant cutoff = now.minus(10, ChronoUnit.MINUTES);

            assertThat(history.decisionsToForget(cutoff, 500)).hasSize(DUE);

            String sql = RecordingStatementInspector.STATEMENTS.stream()
                    .filter(q -> q.contains("decision_forgotten_at is null")).findFirst().orElseThrow();
            try (Connection c = coordinator.bean(DataSource.class).getConnection();
                    PreparedStatement explain = c.prepareStatement("explain analyze " + sql)) {
                explain.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                for (int i = 2; i <= explain.getParameterMetaData().getParameterCount(); i++) {
                    explain.setInt(i, 500);
                }
                try (ResultSet plan = explain.executeQuery()) {
                    plan.next();
                    String text = plan.getString(1);
                    assertThat(rowsRead(text)).as("rows read by %s", text).isLessThan(100);
                }
            }
        }
    }

    private static String at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static int rowsRead(String plan) {
        Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertThat(m.find()).as("a scan count in %s", plan).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
