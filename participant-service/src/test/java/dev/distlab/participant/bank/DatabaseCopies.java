package dev.distlab.participant.bank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The bank's H2 file copied as a crash would leave it, and read back. */
final class DatabaseCopies {

    private DatabaseCopies() {
    }

    static Path copy(Path file, Path target) throws Exception {
        Files.copy(file, target);
        return target;
    }

    /** The first column of the first row, read from a copy of the database file (null if no row). */
    static String query(Path copy, String sql, String parameter) throws SQLException {
        String name = copy.toString().substring(0, copy.toString().length() - ".mv.db".length());
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + name, "sa", "");
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
