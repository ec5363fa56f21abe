package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.distlab.coordinator.Periodic;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.Coordinator;
import dev.distlab.coordinator.support.FakeCluster;

/**
 * Flyway owns the coordinator's schema. A database that Hibernate created before (ddl-auto: update, no Flyway
 * history) is baselined at V1, migrated to the current version, and keeps its rows.
 */
class SchemaMigrationTest {

    @Test
    void shouldBaselineADatabaseHibernateCreatedAndKeepItsTransactions(@TempDir Path dataDir) throws Exception {
        String txId = UUID.randomUUID().toString();
        try (Connection c = open(dataDir); Statement s = c.createStatement()) {
            s.execute(migration("V1__history.sql")); // the tables exactly as Hibernate made them
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, decided_at, "
                    + "completed_at) values ('" + txId + "', 'COMMITTED', 'paxos', 'coordinator-old', "
                    + "current_timestamp, current_timestamp, current_timestamp)");
        }

        try (FakeCluster cluster = new FakeCluster(1);
                Coordinator coordinator = Coordinator.start(dataDir, cluster)) {
            Api.Response tx = coordinator.api().get("/api/transactions/" + txId);

            assertThat(tx.status()).as("%s", tx).isEqualTo(200);
            assertThat(tx.text("status")).isEqualTo("COMMITTED");
        }
        try (Connection c = open(dataDir); Statement s = c.createStatement();
                var versions = s.executeQuery("select \"version\" from \"flyway_schema_history\" "
                        + "where \"version\" is not null order by \"installed_rank\"")) {
            StringBuilder applied = new StringBuilder();
            while (versions.next()) {
                applied.append(versions.getString(1)).append(' ');
            }
            assertThat(applied.toString().trim()).isEqualTo("1 2 3 4");
        }
    }

    /**
     * V4 replaced four indexes of coord_transaction by two over a column the database derives: a history written
     * before keeps answering the retention sweeps.
     */
    @Test
    void shouldMigrateAVersion3HistoryAndAnswerTheSweepsAndRecoveryFromIt(@TempDir Path dataDir) throws Exception {
        try (Connection c = open(dataDir)) {
            // the schema as the coordinator left it before V4, through Flyway as the coordinator runs it
            Flyway.configure().dataSource(new SingleConnectionDataSource(c, true)).target("3").load().migrate();
        }
        try (Connection c = open(dataDir); Statement s = c.createStatement()) {
            String longAgo = "timestamp with time zone '2000-01-01 00:00:00Z'";
            s.execute("insert into coord_transaction (id, status, mode, coordinator, created_at, completed_at, "
                    + "decision_forgotten_at) values ('v3-forgotten', 'COMMITTED', 'paxos', 'c', " + longAgo + ", "
                    + longAgo + ", " + longAgo + "), ('v3-due', 'COMMITTED', 'paxos', 'c', " + longAgo + ", "
                    + longAgo + ", null)");
        }

        try (FakeCluster cluster = new FakeCluster(1);
                Coordinator coordinator = Coordinator.start(dataDir, cluster)) {
            coordinator.beans(Periodic.class).forEach(Periodic::stop);
            TransactionHistory history = coordinator.bean(TransactionHistory.class);
            Instant cutoff = Instant.parse("2001-01-01T00:00:00Z");

            assertThat(history.decisionsToForget(cutoff, 10)).extracting(TransactionRecord::getId)
                    .containsExactly("v3-due");
            assertThat(history.unfinished()).extracting(TransactionRecord::getId).doesNotContain("v3-due");
            assertThat(history.removeCompleted(cutoff, 10)).isEqualTo(1);
            assertThat(history.find("v3-forgotten")).isEmpty();
            history.decisionsForgotten(List.of("v3-due"));
            assertThat(history.find("v3-due")).get().extracting(TransactionRecord::getDecisionForgottenAt)
                    .isNotNull();
            assertThat(history.decisionsToForget(cutoff, 10)).isEmpty();
            assertThat(history.removeCompleted(cutoff, 10)).isEqualTo(1);
        }
        try (Connection c = open(dataDir); Statement s = c.createStatement();
                var indexes = s.executeQuery("select index_name from information_schema.indexes where table_name = "
                        + "'COORD_TRANSACTION' order by index_name")) {
            StringBuilder names = new StringBuilder();
            while (indexes.next()) {
                names.append(indexes.getString(1).toLowerCase()).append(' ');
            }
            assertThat(names.toString()).startsWith("coord_tx_created coord_tx_retention coord_tx_status primary_key");
        }
    }

    @Test
    void shouldCreateTheSchemaInAnEmptyDataDir(@TempDir Path dataDir) {
        try (FakeCluster cluster = new FakeCluster(1);
                Coordinator coordinator = Coordinator.start(dataDir, cluster)) {
            assertThat(coordinator.api().get("/api/transactions").status()).isEqualTo(200);
        }
    }

    private static Connection open(Path dataDir) throws SQLException, IOException {
        Path dir = Files.createDirectories(dataDir.resolve("coordinator"));
        return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("coordinator"), "sa", "");
    }

    private static String migration(String name) throws IOException {
        try (var in = SchemaMigrationTest.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
