package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.participant.config.StoreQuotaExceededException;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvStateMachine;

class ReplicaQuotaTest {

    @TempDir
    Path dir;

    private SingleReplica replica;
    private ReplicaDriver driver;

    @BeforeEach
    void start() {
        replica = new SingleReplica(dir, p -> p.setQuotaBytes(1_000));
        driver = replica.driver;
    }

    @AfterEach
    void stop() {
        replica.close();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aWritePastTheQuotaIsRefusedAndChangesNothingWhileReadsAndDeletesGoOn() throws Exception {
        get(driver.write(KvCommand.put("a", "x".repeat(599))));
        get(driver.write(KvCommand.put("b", "y".repeat(299))));
        assertThat(driver.storeBytes()).isEqualTo(900);
        assertThat(driver.quotaAlarm()).isFalse();

        assertThatThrownBy(() -> get(driver.write(KvCommand.put("c", "z".repeat(200)))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreQuotaExceededException.class)
                .hasMessageContaining("over the quota of 1000");
        assertThat(driver.quotaAlarm()).isTrue();
        long revision = get(driver.read(Consistency.LINEARIZABLE, KvStateMachine::revision));
        assertThat(revision).isEqualTo(2); // nothing was proposed
        KvEntry missing = get(driver.read(Consistency.LINEARIZABLE, kv -> kv.get("c")));
        assertThat(missing).isNull();
        // replacing a value by a smaller one fits; the delete makes room and lowers the alarm
        get(driver.write(KvCommand.put("a", "x".repeat(99))));
        assertThat(driver.quotaAlarm()).isFalse();
        get(driver.write(KvCommand.delete("b")));
        get(driver.write(KvCommand.put("c", "z".repeat(200))));
        assertThat(driver.storeBytes()).isEqualTo(100 + 201);
    }
}
