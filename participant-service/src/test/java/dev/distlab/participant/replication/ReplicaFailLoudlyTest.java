package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.common.fatal.FatalErrors;
import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.kv.KvCommand;

/**
 * A replica that can no longer do its job ends the process and stops claiming a role: here a single-member
 * store (a majority of one) whose {@link FatalErrors} only records.
 */
class ReplicaFailLoudlyTest {

    @TempDir
    Path dir;

    private SingleReplica replica;
    private ReplicaDriver driver;
    private List<String> fatal;

    @AfterEach
    void stop() {
        if (replica != null) {
            replica.close();
        }
    }

    private void start(Duration stallTimeout) {
        replica = new SingleReplica(dir, p -> p.setStallTimeout(stallTimeout));
        driver = replica.driver;
        fatal = replica.fatal;
    }

    @Test
    void aChosenCommandThatCannotBeAppliedEndsTheProcess() throws Exception {
        start(Duration.ofSeconds(15));
        assertThat(driver.write(KvCommand.put("a", "1")).get(5, TimeUnit.SECONDS).revision()).isEqualTo(1);

        driver.proposeAsLeader(new Command(new CommandId("poison", 1), new byte[] { 42, 42 }));

        await().atMost(5, TimeUnit.SECONDS).until(() -> !fatal.isEmpty());
        assertThat(fatal).singleElement().asString().contains("Paxos replica 1 stops the process");
        assertThat(driver.status().role()).isEqualTo("failed");
        assertThat(driver.status().inWorkingMajority()).isFalse();
        assertThat(driver.protocolThreadAlive()).isFalse();
        CompletableFuture<?> after = driver.write(KvCommand.put("b", "2"));
        assertThat(after).isCompletedExceptionally(); // at once, not after a request timeout
        assertThat(after.handle((r, e) -> e)).succeedsWithin(Duration.ZERO)
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aStalledProtocolThreadEndsTheProcessAndIsNotReported() throws Exception {
        start(Duration.ofMillis(500));
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicBoolean stalled = new AtomicBoolean();
        // a linearizable read's query runs where its confirmation completes: on the protocol thread, unless the
        // confirmation completed before the query was attached, and then on the caller's (CI once hung here, the test's
        // own thread waiting on the latch); so read until a query has stalled the protocol thread itself
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            driver.read(Consistency.LINEARIZABLE, kv -> {
                if (Thread.currentThread().getName().equals("paxos-1")) {
                    stalled.set(true);
                    try {
                        stuck.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 0;
            });
            return stalled.get();
        });
        try {
            await().atMost(5, TimeUnit.SECONDS).until(() -> !fatal.isEmpty());
            assertThat(fatal.get(0)).contains("the protocol thread has not moved for");
            assertThat(driver.status().role()).isEqualTo("failed");
            assertThat(driver.protocolThreadAlive()).isFalse();
        } finally {
            stuck.countDown();
        }
    }

    @Test
    void aBusyButMovingProtocolThreadIsNotAStall() throws Exception {
        start(Duration.ofMillis(300));
        for (int i = 0; i < 40; i++) {
            driver.write(KvCommand.put("k" + i, "v")).get(5, TimeUnit.SECONDS);
            Thread.sleep(25);
        }
        assertThat(fatal).isEmpty();
        assertThat(driver.status().role()).isEqualTo("leader");
    }
}
