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
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            assertThat(applied.toString().trim()).isEqualTo("1 2 3");
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
