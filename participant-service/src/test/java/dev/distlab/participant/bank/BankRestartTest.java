package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.json;
import static dev.distlab.participant.bank.DatabaseCopies.copy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.distlab.participant.ParticipantApplication;
import dev.distlab.participant.bank.BankHttp.Op;

/** What a participant remembers across a restart, and after a crash that took back what H2 wrote unforced. */
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
     * The crash the write-ahead log is for: H2 is written without forcing, so a power cut can take back everything
     * it wrote since its last checkpoint. Here its file is copied right after a checkpoint, then a vote, a commit,
     * an abort and a batch are answered, and then the log is copied: a participant started from those copies must
     * have every one of them, with the locks of the branch still PREPARED.
     */
    @Test
    void everyAnsweredChangeSurvivesADatabaseThatLostWhatItWroteSinceTheLastCheckpoint(@TempDir Path dataDir,
            @TempDir Path crashed) throws Exception {
        String voted = BankHttp.txId();
        String tombstone = BankHttp.txId();
        String batchVoted = BankHttp.txId();
        String committed;
        String batchCommitted;
        try (ConfigurableApplicationContext context = start(dataDir)) {
            BankHttp bank = client(context);
            bank.createAccounts(100, "alice", "bob", "carol", "dave", "erin", "frank", "gina");
            committed = bank.prepared(new Op("carol", -20), new Op("dave", 20));
            batchCommitted = bank.prepared(new Op("erin", -5), new Op("frank", 5));
            context.getBean(BankLog.class).checkpoint();
            Path bankDir = Files.createDirectories(crashed.resolve("bank"));
            copy(dataDir.resolve("bank").resolve("bank.mv.db"), bankDir.resolve("bank.mv.db"));

            assertThat(bank.vote(voted, new Op("alice", -30), new Op("bob", 30)).path("vote").asString())
                    .isEqualTo("YES");
            assertThat(bank.commit(committed).statusCode()).isEqualTo(200);
            assertThat(bank.abort(tombstone).statusCode()).isEqualTo(200);
            HttpResponse<String> batch = bank.batch(BankHttp.batchBody(List.of(
                    BankHttp.item(batchCommitted, "commit", null),
                    BankHttp.prepareItem(batchVoted, new Op("gina", -50)))));
            assertThat(batch.statusCode()).isEqualTo(200);
            assertThat(json(batch).findValuesAsString("vote")).containsExactly("YES");
            copyDirectory(dataDir.resolve("bank").resolve("wal"), bankDir.resolve("wal"));
        }
        try (ConfigurableApplicationContext restarted = start(crashed)) {
            BankHttp bank = client(restarted);
            assertThat(bank.state(voted)).isEqualTo("PREPARED");
            assertThat(bank.state(committed)).isEqualTo("COMMITTED");
            assertThat(bank.state(tombstone)).isEqualTo("ABORTED");
            assertThat(bank.state(batchCommitted)).isEqualTo("COMMITTED");
            assertThat(bank.state(batchVoted)).isEqualTo("PREPARED");
            assertThat(bank.balance("carol")).isEqualTo(80);
            assertThat(bank.balance("dave")).isEqualTo(120);
            assertThat(bank.balance("erin")).isEqualTo(95);
            assertThat(bank.balance("frank")).isEqualTo(105);
            assertThat(bank.balance("alice")).as("only prepared").isEqualTo(100);
            assertThat(bank.locks().findValuesAsString("account")).containsExactlyInAnyOrder("alice", "bob", "gina");
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
