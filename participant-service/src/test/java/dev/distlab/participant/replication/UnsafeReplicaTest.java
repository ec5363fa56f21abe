package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.storage.DurableLog;

/** The replica's unsafe switches, each against the same replica without it. */
class UnsafeReplicaTest {

    private static final UnsafeReplicaConfiguration.Settings LOCAL_READS =
            new UnsafeReplicaConfiguration.Settings(true, Duration.ZERO);

    @TempDir
    Path dir;

    @TempDir
    Path crashes;

    /** A replica cut off from the other two of three: it cannot confirm that its copy is current. */
    @Test
    void readsWithoutQuorumAnswerLinearizableReadsFromACutOffReplicaAndTheSafeOneRefuses() throws Exception {
        try (SingleReplica cutOff = new SingleReplica(dir.resolve("safe"), 3, p -> p.setRequestTimeout(
                Duration.ofMillis(300)), UnsafeReplicaConfiguration.Settings.SAFE)) {
            assertThatThrownBy(() -> cutOff.driver.read(Consistency.LINEARIZABLE, KvStateMachine::revision)
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class);
        }
        try (SingleReplica cutOff = new SingleReplica(dir.resolve("unsafe"), 3, p -> p.setRequestTimeout(
                Duration.ofMillis(300)), LOCAL_READS)) {
            assertThat(cutOff.driver.read(Consistency.LINEARIZABLE, KvStateMachine::revision).get(10,
                    TimeUnit.SECONDS)).as("answered from its own copy, whatever the others hold").isEqualTo(0L);
        }
    }

    @Test
    void acceptBeforeFsyncAnswersAWriteThatIsNotInTheLogsFileYet() throws Exception {
        try (SingleReplica replica = new SingleReplica(dir, 1, p -> { },
                new UnsafeReplicaConfiguration.Settings(false, Duration.ofMinutes(1)))) {
            assertThat(replica.driver.write(KvCommand.put("k", "v")).get(10, TimeUnit.SECONDS).status().name())
                    .isEqualTo("CREATED");
            assertThat(replica.driver.read(Consistency.LINEARIZABLE, sm -> sm.get("k").value()).get(10,
                    TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(entriesOnDisk()).as("nothing the replica promised or accepted is on disk yet").isZero();
        }
    }

    @Test
    void safeTheAnsweredWriteIsInTheLogsFile() throws Exception {
        try (SingleReplica replica = new SingleReplica(dir, p -> { })) {
            replica.driver.write(KvCommand.put("k", "v")).get(10, TimeUnit.SECONDS);
            assertThat(entriesOnDisk()).isPositive();
        }
    }

    /** Log entries in a copy of the log's files, as a crash would leave them now. */
    private int entriesOnDisk() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, crashes.resolve(f.getFileName()));
            }
        }
        try (DurableLog reopened = DurableLog.open(crashes, 1 << 20)) {
            return reopened.state().entries().size();
        }
    }
}
