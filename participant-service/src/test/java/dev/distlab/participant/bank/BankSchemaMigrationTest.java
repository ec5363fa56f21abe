package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.distlab.participant.ParticipantApplication;
import dev.distlab.participant.bank.BankHttp.Op;

/** The bank database's schema comes from Flyway: on a fresh data dir, and on one Hibernate created before. */
class BankSchemaMigrationTest {

    /** What Hibernate's ddl-auto created for the bank before Flyway (H2 dialect), captured from its export. */
    private static final String[] HIBERNATE_DDL = {
        "create table bank_account (balance bigint not null, created_at timestamp(6) with time zone not null, "
                + "id varchar(64) not null, primary key (id))",
        "create table bank_branch (decided_at timestamp(6) with time zone, mode varchar(8), prepared_at timestamp(6) "
                + "with time zone, vote varchar(8), state varchar(16) not null check ((state in ('PREPARED',"
                + "'COMMITTED','ABORTED'))), reason varchar(32), tx_id varchar(64) not null, coordinator "
                + "varchar(256), coordinator_url varchar(2048), operations clob, participants clob, primary key "
                + "(tx_id))",
        "create index bank_branch_state on bank_branch (state)" };

    private static ConfigurableApplicationContext start(Path dataDir) {
        // the port as an argument: a default property would lose to application.yml's ${PORT:8081}
        return new SpringApplicationBuilder(ParticipantApplication.class).properties(
                "platform.data-dir=" + dataDir,
                "platform.replication.enabled=false",
                "platform.instance-id=participant-3",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h").run("--server.port=0");
    }

    private static BankHttp client(ConfigurableApplicationContext context) {
        return new BankHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static Connection open(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("bank").resolve("bank"), "sa", "");
    }

    @Test
    void aFreshDataDirIsMigratedAndServes(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = start(dataDir)) {
            BankHttp bank = client(context);
            bank.createAccounts(100, "alice");
            String tx = bank.prepared(new Op("alice", -10));
            assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
            assertThat(bank.balance("alice")).isEqualTo(90);
        }
        try (Connection c = open(dataDir)) {
            assertThat(history(c)).containsExactly("1 SQL true", "2 JDBC true", "3 SQL true", "4 SQL true");
            assertStateCheckAdmitsHeuristicOnly(c);
        }
    }

    @Test
    void aDatabaseHibernateCreatedIsBaselinedAndKeepsItsRows(@TempDir Path dataDir) throws Exception {
        String prepared = BankHttp.txId();
        String committed = BankHttp.txId();
        try (Connection c = open(dataDir); Statement s = c.createStatement()) {
            for (String ddl : HIBERNATE_DDL) {
                s.execute(ddl);
            }
            s.execute("insert into bank_account (id, balance, created_at) values ('alice', 70, current_timestamp), "
                    + "('bob', 130, current_timestamp)");
            s.execute("insert into bank_branch (tx_id, state, vote, mode, participants, operations, prepared_at, "
                    + "decided_at) values ('" + committed + "', 'COMMITTED', 'YES', 'paxos', '[]', "
                    + "'[{\"account\":\"alice\",\"delta\":-30}]', current_timestamp, current_timestamp)");
            s.execute("insert into bank_branch (tx_id, state, vote, mode, participants, operations, prepared_at) "
                    + "values ('" + prepared + "', 'PREPARED', 'YES', 'paxos', '[]', "
                    + "'[{\"account\":\"bob\",\"delta\":-20}]', current_timestamp)");
        }
        try (ConfigurableApplicationContext context = start(dataDir)) {
            BankHttp bank = client(context);
            assertThat(bank.balance("alice")).isEqualTo(70);
            assertThat(bank.state(committed)).isEqualTo("COMMITTED");
            assertThat(bank.state(prepared)).isEqualTo("PREPARED");
            assertThat(bank.locks().findValuesAsString("account")).containsExactly("bob");
            assertThat(bank.commit(prepared).statusCode()).isEqualTo(200);
            assertThat(bank.balance("bob")).isEqualTo(110);
        }
        try (Connection c = open(dataDir)) {
            assertThat(history(c)).containsExactly("1 BASELINE true", "2 JDBC true", "3 SQL true", "4 SQL true");
            assertStateCheckAdmitsHeuristicOnly(c);
        }
    }

    /** version, type and success of each applied migration, in order. */
    private static List<String> history(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select \"version\", \"type\", \"success\" from \"flyway_schema_history\" where \"version\" is not null order by \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
        }
        return out;
    }

    /** The state column takes HEURISTIC (which Hibernate's CHECK refused) and still refuses other values. */
    private static void assertStateCheckAdmitsHeuristicOnly(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String tx = BankHttp.txId();
            s.execute("insert into bank_branch (tx_id, state) values ('" + tx + "', 'HEURISTIC')");
            assertThatThrownBy(() -> s.execute("insert into bank_branch (tx_id, state) values ('" + BankHttp.txId()
                    + "', 'BOGUS')")).isInstanceOf(SQLException.class);
            s.execute("delete from bank_branch where tx_id = '" + tx + "'");
        }
    }
}
