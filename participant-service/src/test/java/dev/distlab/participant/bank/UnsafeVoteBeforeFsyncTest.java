package dev.distlab.participant.bank;

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

/**
 * {@code platform.unsafe.vote-before-fsync}: the YES is answered before the PREPARED branch exists, in the
 * database or on disk, and a restart inside the write delay forgets the promise. The safe participant has the
 * branch in its file when the YES arrives and keeps it across a restart (BankRestartTest).
 */
class UnsafeVoteBeforeFsyncTest {

    private static ConfigurableApplicationContext start(Path dataDir, boolean unsafe) {
        return new SpringApplicationBuilder(ParticipantApplication.class).properties(
                "platform.data-dir=" + dataDir,
                "platform.replication.enabled=false",
                "platform.instance-id=participant-8",
                "management.endpoint.health.validate-group-membership=false",
                "platform.cluster-token=" + BankHttp.TOKEN,
                "platform.bank.in-doubt-timeout=1h",
                "platform.unsafe.vote-before-fsync=" + unsafe,
                // long enough that the checks below surely run inside it
                "platform.unsafe.write-delay=3s").run("--server.port=0");
    }

    private static BankHttp client(ConfigurableApplicationContext context) {
        return new BankHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void theYesComesBeforeTheBranchExistsAndARestartInTheWindowForgetsThePromise(@TempDir Path dataDir,
            @TempDir Path crashes) throws Exception {
        Path file = dataDir.resolve("bank").resolve("bank.mv.db");
        String committed = BankHttp.txId();
        String forgotten = BankHttp.txId();
        try (ConfigurableApplicationContext first = start(dataDir, true)) {
            BankHttp bank = client(first);
            bank.createAccounts(100, "erin", "frank");

            assertThat(bank.vote(committed, new Op("erin", -10)).path("vote").asString()).isEqualTo("YES");
            Path afterVote = copy(file, crashes.resolve("vote.mv.db"));
            assertThat(bank.branch(committed).statusCode()).as("no branch row yet").isEqualTo(404);
            assertThat(bank.locks().findValuesAsString("txId")).as("its locks are held in memory")
                    .containsExactly(committed);
            assertThat(query(afterVote, "select state from bank_branch where tx_id = ?", committed))
                    .as("nothing on disk when the YES arrived").isNull();

            // without a crash the bank still works: the commit waits for the deferred write
            assertThat(bank.commit(committed).statusCode()).isEqualTo(200);
            assertThat(bank.balance("erin")).isEqualTo(90);

            assertThat(bank.vote(forgotten, new Op("frank", -30)).path("vote").asString()).isEqualTo("YES");
        } // stopped within the write delay of the second YES
        try (ConfigurableApplicationContext second = start(dataDir, false)) {
            BankHttp bank = client(second);
            assertThat(bank.state(committed)).isEqualTo("COMMITTED");
            assertThat(bank.branch(forgotten).statusCode()).as("the promise is lost").isEqualTo(404);
            assertThat(bank.locks()).as("and so are its locks").isEmpty();
            assertThat(bank.commit(forgotten).statusCode()).as("the coordinator's commit finds nothing")
                    .isEqualTo(404);
            assertThat(bank.balance("frank")).isEqualTo(100);
        }
    }
}
