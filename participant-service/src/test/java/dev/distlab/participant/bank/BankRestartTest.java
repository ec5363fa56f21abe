package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.json;
import static dev.distlab.participant.bank.DatabaseCopies.copy;
import static dev.distlab.participant.bank.DatabaseCopies.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.distlab.participant.ParticipantApplication;
import dev.distlab.participant.bank.BankHttp.Op;

/** What a participant remembers across a restart, and what is on disk the moment it answers. */
class BankRestartTest {

    private static ConfigurableApplicationContext start(Path dataDir) {
        // the port as an argument: a default property would lose to application.yml's ${PORT:8081}
        return new SpringApplicationBuilder(ParticipantApplication.class).properties(
                "platform.data-dir=" + dataDir,
                "platform.replication.enabled=false",
                "platform.instance-id=participant-9",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h").run("--server.port=0");
    }

    private static BankHttp client(ConfigurableApplicationContext context) {
        return new BankHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void aPreparedBranchSurvivesARestartWithItsLocksHeldAndThenCommits(@TempDir Path dataDir) {
        String tx = BankHttp.txId();
        try (ConfigurableApplicationContext first = start(dataDir)) {
            BankHttp bank = client(first);
            bank.createAccounts(100, "alice", "bob", "carol");
            String done = bank.prepared(new Op("carol", -20), new Op("bob", 20));
            bank.commit(done);
            assertThat(bank.vote(tx, new Op("alice", -30), new Op("bob", 30)).path("vote").asString())
                    .isEqualTo("YES");
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            BankHttp bank = client(second);
            assertThat(bank.state(tx)).isEqualTo("PREPARED");
            assertThat(bank.locks().findValuesAsString("account")).containsExactly("alice", "bob");
            assertThat(bank.locks().findValuesAsString("txId")).containsExactly(tx, tx);
            assertThat(json(bank.send("GET", "/internal/bank/accounts/alice", null)).path("lockedBy").asString())
                    .isEqualTo(tx);
            // the locks are real: another transaction on alice is refused
            assertThat(bank.vote(BankHttp.txId(), new Op("alice", 1)).path("reason").asString()).isEqualTo("CONFLICT");
            assertThat(bank.balance("bob")).isEqualTo(120);

            assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
            assertThat(bank.balance("alice")).isEqualTo(70);
            assertThat(bank.balance("bob")).isEqualTo(150);
            assertThat(bank.locks()).isEmpty();
        }
        try (ConfigurableApplicationContext third = start(dataDir)) {
            BankHttp bank = client(third);
            assertThat(bank.state(tx)).isEqualTo("COMMITTED");
            assertThat(bank.balance("alice")).isEqualTo(70);
            assertThat(bank.locks()).isEmpty();
        }
    }

    /**
     * Copies the database file the moment a reply arrives, as a crash would leave it, and reads the copy: the
     * YES vote, the account and the commit must already be in it. Without the CHECKPOINT SYNC before the reply
     * H2 writes its changes a while later, and the copy would miss them.
     */
    @Test
    void everyAnsweredChangeIsInTheDatabaseFileWhenTheReplyArrives(@TempDir Path dataDir, @TempDir Path crashes)
            throws Exception {
        try (ConfigurableApplicationContext context = start(dataDir)) {
            BankHttp bank = client(context);
            Path file = dataDir.resolve("bank").resolve("bank.mv.db");
            for (int i = 0; i < 5; i++) {
                String account = "acct" + i;
                String tx = BankHttp.txId();
                bank.createAccounts(100, account);
                Path afterCreate = copy(file, crashes.resolve("create" + i + ".mv.db"));
                assertThat(bank.vote(tx, new Op(account, -10)).path("vote").asString()).isEqualTo("YES");
                Path afterVote = copy(file, crashes.resolve("vote" + i + ".mv.db"));
                assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
                Path afterCommit = copy(file, crashes.resolve("commit" + i + ".mv.db"));

                assertThat(query(afterCreate, "select balance from bank_account where id = ?", account)).isEqualTo("100");
                assertThat(query(afterVote, "select state from bank_branch where tx_id = ?", tx)).isEqualTo("PREPARED");
                assertThat(query(afterCommit, "select state from bank_branch where tx_id = ?", tx)).isEqualTo("COMMITTED");
                assertThat(query(afterCommit, "select balance from bank_account where id = ?", account)).isEqualTo("90");
            }
        }
    }
}
