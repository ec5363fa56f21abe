package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What deciding by consensus buys: the coordinator dies after collecting the votes. In {@code local} mode
 * (classic 2PC, the decision only in the coordinator's database) the participants must keep their locks until
 * it returns; in {@code paxos} mode they decide ABORT through the config store within seconds, without it.
 */
class BankModesIT extends ClusterTest {

    private static Bank bank;

    @BeforeAll
    static void bank() {
        bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
    }

    @AfterAll
    static void backToPaxosMode() {
        cluster.run(180, "restart", "coordinator-1");
    }

    @Test
    void shouldHoldLocksWhileTheCoordinatorIsDownInLocalMode() {
        cluster.run(Map.of("PLATFORM_BANK_MODE", "local"), 180, "restart", "coordinator-1");
        Map<String, String> accounts = bank.accountPerParticipant("local-" + suffix(), 500, 2);
        String[] ids = accounts.values().toArray(String[]::new);

        bank.armCrash(cluster.coordinatorUrl(1), "coordinator.after-votes", 1);
        bank.transfer(cluster.coordinatorUrl(1), ids[0], ids[1], 5, null);
        cluster.awaitExit("coordinator-1", Duration.ofSeconds(20));

        // both branches voted YES and are locked; far past the in-doubt timeout they must still be
        Bank.await(() -> lockedAccounts(ids), n -> n == 2, Duration.ofSeconds(10), "both branches to hold locks");
        Balancers.sleep(12_000);
        assertThat(lockedAccounts(ids)).as("locks held while the only one who knows the decision is down")
                .isEqualTo(2);

        cluster.run(Map.of("PLATFORM_BANK_MODE", "local"), 180, "start", "coordinator-1");
        Bank.await(() -> lockedAccounts(ids), n -> n == 0, Duration.ofSeconds(30),
                "the recovered coordinator to release the locks");
        assertThat(bank.balance(ids[0])).isEqualTo(500);
        assertThat(bank.balance(ids[1])).isEqualTo(500);
    }

    @Test
    void shouldReleaseLocksWithinSecondsWithoutTheCoordinatorInPaxosMode() {
        cluster.run(180, "restart", "coordinator-1");
        Map<String, String> accounts = bank.accountPerParticipant("paxos-" + suffix(), 500, 2);
        String[] ids = accounts.values().toArray(String[]::new);

        bank.armCrash(cluster.coordinatorUrl(1), "coordinator.after-votes", 1);
        bank.transfer(cluster.coordinatorUrl(1), ids[0], ids[1], 5, null);
        cluster.awaitExit("coordinator-1", Duration.ofSeconds(20));
        long down = System.nanoTime();
        try {
            Bank.await(() -> lockedAccounts(ids), n -> n == 0, Duration.ofSeconds(20),
                    "the participants to abort through the store and release their locks");
            long seconds = Duration.ofNanos(System.nanoTime() - down).toSeconds();
            assertThat(seconds).as("released within the in-doubt timeout plus a little").isLessThan(15);
            assertThat(bank.balance(ids[0])).isEqualTo(500);
            assertThat(bank.balance(ids[1])).isEqualTo(500);
        } finally {
            cluster.run(180, "start", "coordinator-1");
        }
    }

    private int lockedAccounts(String... ids) {
        Map<String, String> locks = bank.allLocks();
        int n = 0;
        for (String id : ids) {
            for (String where : locks.keySet()) {
                if (where.endsWith("/" + id)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
