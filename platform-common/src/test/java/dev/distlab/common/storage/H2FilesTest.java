package dev.distlab.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FilesTest {

    @TempDir
    Path dir;

    @Test
    void opensTheDatabaseWithFourKibPages() throws SQLException {
        try (Connection c = DriverManager.getConnection(H2Files.url(dir.resolve("db")), "sa", "")) {
            assertThat(pageSize(c)).isEqualTo(4096);
        }
    }

    @Test
    void opensADatabaseWrittenWithH2sDefaultPagesAndKeepsItsRows() throws SQLException {
        String defaults = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(defaults, "sa", ""); Statement s = c.createStatement()) {
            assertThat(pageSize(c)).isEqualTo(16 * 1024);
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO t SELECT x, REPEAT('v', 100) FROM SYSTEM_RANGE(1, 5000)");
        }
        try (Connection c = DriverManager.getConnection(H2Files.url(dir.resolve("db")), "sa", "");
                Statement s = c.createStatement()) {
            assertThat(pageSize(c)).isEqualTo(4096);
            s.execute("UPDATE t SET v = 'changed' WHERE MOD(id, 7) = 0");
            s.execute("INSERT INTO t SELECT x, 'new' FROM SYSTEM_RANGE(5001, 6000)");
        }
        try (Connection c = DriverManager.getConnection(H2Files.url(dir.resolve("db")), "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN v = 'changed' THEN 1 ELSE 0 END) FROM t")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(6000);
            assertThat(r.getLong(2)).isEqualTo(5000 / 7);
        }
    }

    @Test
    void refusesARelativePath() {
        assertThatThrownBy(() -> H2Files.url(Path.of("data/db"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
    }

    private static int pageSize(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.PAGE_SIZE'")) {
            assertThat(r.next()).as("info.PAGE_SIZE in INFORMATION_SCHEMA.SETTINGS").isTrue();
            return Integer.parseInt(r.getString(1));
        }
    }
}
