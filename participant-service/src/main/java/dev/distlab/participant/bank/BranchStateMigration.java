package dev.distlab.participant.bank;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 2: a branch may be HEURISTIC. Hibernate created the state column with an unnamed CHECK of the
 * three states it knew then (H2 names it CONSTRAINT_...), so SQL alone cannot name it: this finds the CHECK on
 * {@code bank_branch.state} and replaces it with a named one that admits every {@link BranchState}.
 */
class BranchStateMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "bank branch state HEURISTIC";
    }

    @Override
    public Integer getChecksum() {
        return 2; // change it if migrate() ever changes, so a database migrated by another version is noticed
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        List<String> checks = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select tc.constraint_name from information_schema.table_constraints tc "
                        + "join information_schema.check_constraints cc on cc.constraint_schema = tc.constraint_schema "
                        + "and cc.constraint_name = tc.constraint_name "
                        + "where tc.table_schema = current_schema and tc.table_name = 'BANK_BRANCH' "
                        + "and tc.constraint_type = 'CHECK' and upper(cc.check_clause) like '%STATE%'")) {
            while (rs.next()) {
                checks.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : checks) {
                s.execute("alter table bank_branch drop constraint \"" + name.replace("\"", "\"\"") + "\"");
            }
            s.execute("alter table bank_branch add constraint bank_branch_state_check check (state in ("
                    + String.join(",", Arrays.stream(BranchState.values()).map(v -> "'" + v.name() + "'")
                            .toList()) + "))");
        }
    }
}
