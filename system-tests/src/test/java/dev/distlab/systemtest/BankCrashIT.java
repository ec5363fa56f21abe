package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * Crashes a coordinator or a participant at each named crash point during a transfer between accounts on two
 * participants, restarts it, and checks what a bank must never get wrong: every branch reaches the one
 * outcome, the money is conserved, and no lock is left behind.
 */
class BankCrashIT extends ClusterTest {

    private static final long OPENING = 1_000;
    private static Bank bank;

    @BeforeAll
    static void bank() {
        bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
    }

    @ParameterizedTest(name = "{0} on the {1}")
    @CsvSource({
            "coordinator.before-prepare,        coordinator,   ABORTED",
            "coordinator.after-votes,           coordinator,   ABORTED",
            "coordinator.after-decision,        coordinator,   COMMITTED",
            "coordinator.after-commit-ack,      coordinator,   COMMITTED",
            "participant.before-vote,           receiver,      ABORTED",
            "participant.after-vote-durable,    receiver,      ABORTED",
            "participant.after-commit-applied,  receiver,      COMMITTED",
            "participant.after-abort-applied,   receiver,      ABORTED" })
    void shouldReachOneOutcomeConserveMoneyAndReleaseLocksAfterACrash(String point, String victim, String expected)
            throws Exception {
        String prefix = "crash-" + point.replace('.', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> accounts = bank.accountPerParticipant(prefix, OPENING, 2);
        var owners = accounts.keySet().stream().sorted().toList();
        String sender = accounts.get(owners.get(0));
        String receiver = accounts.get(owners.get(1));
        int receiverParticipant = Integer.parseInt(owners.get(1).substring("participant-".length()));
        // an abort after a YES needs a NO elsewhere: the sender cannot afford it
        long amount = point.equals("participant.after-abort-applied") ? OPENING + 1 : 10;

        String victimName = victim.equals("coordinator") ? "coordinator-1" : owners.get(1);
        String victimUrl = victim.equals("coordinator") ? cluster.coordinatorUrl(1)
                : cluster.participantUrl(receiverParticipant);
        String key = prefix + "-key";
        bank.armCrash(victimUrl, point, 1);

        Bank.Outcome first = bank.transfer(cluster.coordinatorUrl(1), sender, receiver, amount, key);
        cluster.awaitExit(victimName, Duration.ofSeconds(20));
        cluster.run(180, "start", victimName);

        // the client learns the outcome by repeating its request with the same key, at any coordinator
        Bank.Outcome resolved = bank.resolve(cluster.coordinatorUrl(2), sender, receiver, amount, key,
                Duration.ofSeconds(45));
        assertThat(resolved.status()).as("outcome after %s (first answer %s %s)", point, first.httpStatus(),
                first.body()).isEqualTo(expected);
        if (first.isFinal()) {
            assertThat(first.status()).as("the first answer and the resolved outcome agree").isEqualTo(expected);
        }
        String txId = resolved.transactionId();

        JsonNode done = Bank.await(() -> bank.transaction(txId), tx -> !tx.path("completedAt").isNull()
                && !tx.path("completedAt").isMissingNode(), Duration.ofSeconds(30),
                "transaction " + txId + " to complete phase 2");
        assertThat(done.path("status").asString()).isEqualTo(expected);
        for (String participant : owners) {
            int p = Integer.parseInt(participant.substring("participant-".length()));
            String state = bank.branchState(p, txId);
            if (state != null) { // a participant that never recorded the branch (crashed before it) is fine
                assertThat(state).as("branch at %s", participant).isEqualTo(expected);
            } else {
                assertThat(expected).as("a committed transaction has a branch everywhere").isEqualTo("ABORTED");
            }
        }
        long moved = expected.equals("COMMITTED") ? amount : 0;
        assertThat(bank.balance(sender)).isEqualTo(OPENING - moved);
        assertThat(bank.balance(receiver)).isEqualTo(OPENING + moved);
        Bank.await(bank::allLocks, Map::isEmpty, Duration.ofSeconds(30), "every lock to be released");
    }
}
