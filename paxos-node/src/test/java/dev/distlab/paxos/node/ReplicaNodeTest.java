package dev.distlab.paxos.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.DurableLog;

/** A single-member node (a majority of one) driven by hand, with a fake clock. */
class ReplicaNodeTest {

    @TempDir
    Path dir;

    /** Copies of the log's files, as a crash would leave them. */
    @TempDir
    Path crashes;

    private final List<Runnable> later = new ArrayList<>();
    private long now = 1_000_000_000L;
    private DurableLog durable;

    @AfterEach
    void close() throws Exception {
        durable.close();
    }

    private ReplicaNode node() throws Exception {
        return node(1000);
    }

    private ReplicaNode node(int snapshotEvery) throws Exception {
        return node(snapshotEvery, Duration.ZERO);
    }

    private ReplicaNode node(int snapshotEvery, Duration unsafeWriteDelay) throws Exception {
        durable = DurableLog.open(dir, 1 << 20);
        NodeEnvironment env = new NodeEnvironment() {
            @Override
            public long nanoTime() {
                return now;
            }

            @Override
            public void send(List<Message> messages) {
            }

            @Override
            public CompletableFuture<KvResult> forwardWrite(int leader, Command command) {
                return CompletableFuture.failedFuture(new IllegalStateException("no peers"));
            }

            @Override
            public CompletableFuture<Long> readIndexAt(int leader) {
                return CompletableFuture.failedFuture(new IllegalStateException("no peers"));
            }

            @Override
            public CompletableFuture<Void> fetchSnapshot(int from, SnapshotRef ref) {
                return CompletableFuture.failedFuture(new IllegalStateException("no peers"));
            }

            @Override
            public void inBackground(Runnable task) {
                task.run();
            }

            @Override
            public void onProtocolThread(Runnable task) {
                later.add(task);
            }

            @Override
            public RuntimeException unavailable(String why) {
                return new IllegalStateException("unavailable: " + why);
            }
        };
        ReplicaNode node = new ReplicaNode(1, PaxosConfig.ofSize(1),
                new NodeSettings(Duration.ofMillis(50), Duration.ofSeconds(3), snapshotEvery)
                        .withUnsafeWriteDelay(unsafeWriteDelay), durable,
                new SnapshotStore(dir.resolve("snapshots")),
                new KvStateMachine(100), env, NodeMetrics.NONE, new Random(1));
        node.process();
        for (int i = 0; i < 40 && !"leader".equals(node.status().role()); i++) {
            tick(node);
        }
        assertThat(node.status().role()).isEqualTo("leader");
        return node;
    }

    private void tick(ReplicaNode node) throws Exception {
        now += 50_000_000L;
        node.tick();
        node.process();
    }

    @Test
    void aWriteIsAppliedOnceDurable() throws Exception {
        ReplicaNode node = node();
        CompletableFuture<KvResult> put = node.write(new Command(new CommandId("c", 1), KvCommand.put("k", "v").encode()),
                true);
        node.process();
        assertThat(put).isCompletedWithValueMatching(r -> r.status() == KvResult.Status.CREATED);
        assertThat((String) node.query(kv -> kv.get("k").value())).isEqualTo("v");
    }

    @Test
    void safeAWriteIsOnDiskBeforeItIsAnswered() throws Exception {
        ReplicaNode node = node();
        int before = entriesOnDisk("before");
        CompletableFuture<KvResult> put = node.write(new Command(new CommandId("c", 1),
                KvCommand.put("k", "v").encode()), true);
        node.process();
        assertThat(put).isCompleted();
        assertThat(entriesOnDisk("answered")).isEqualTo(before + 1);
    }

    /** platform.unsafe.accept-before-fsync: answered and applied first, in the log's file only the delay later. */
    @Test
    void unsafeAWriteIsAnsweredBeforeItIsOnDiskAndWrittenAfterTheDelay() throws Exception {
        ReplicaNode node = node(1000, Duration.ofMillis(300));
        now += 300_000_000L; // what the election wrote is due
        node.process();
        int before = entriesOnDisk("before");
        CompletableFuture<KvResult> put = node.write(new Command(new CommandId("c", 1),
                KvCommand.put("k", "v").encode()), true);
        node.process();
        assertThat(put).as("chosen and answered").isCompletedWithValueMatching(
                r -> r.status() == KvResult.Status.CREATED);
        assertThat((String) node.query(kv -> kv.get("k").value())).isEqualTo("v");
        assertThat(entriesOnDisk("answered")).as("a crash now would lose it").isEqualTo(before);

        now += 299_000_000L;
        node.process();
        assertThat(entriesOnDisk("almost")).isEqualTo(before);
        now += 1_000_000L;
        node.process();
        assertThat(entriesOnDisk("after the delay")).isEqualTo(before + 1);
    }

    /** Log entries in a copy of the log's files, as a crash would leave them now. */
    private int entriesOnDisk(String name) throws Exception {
        Path copy = java.nio.file.Files.createDirectories(crashes.resolve(name));
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        try (DurableLog reopened = DurableLog.open(copy, 1 << 20)) {
            return reopened.state().entries().size();
        }
    }

    @Test
    void snapshotsLiveInFilesAndTheLogOnlyNamesThem() throws Exception {
        ReplicaNode node = node(10);
        for (int i = 1; i <= 25; i++) {
            node.write(new Command(new CommandId("c", i), KvCommand.put("k" + i, "v".repeat(1000)).encode()), true);
            node.process();
            later.forEach(Runnable::run); // the snapshot written "in the background" reports back
            later.clear();
            node.process();
        }
        assertThat(node.status().snapshotIndex()).isGreaterThanOrEqualTo(20);
        assertThat(durable.state().snapshot().data()).hasSize(24); // a reference, not 25 KB of state
        try (var files = java.nio.file.Files.list(dir.resolve("snapshots"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".snap")).count()).isBetween(1L, 2L);
        }
        durable.close();

        ReplicaNode restarted = node(10);
        assertThat((String) restarted.query(kv -> kv.get("k25").value())).hasSize(1000);
        assertThat((Long) restarted.query(KvStateMachine::revision)).isGreaterThanOrEqualTo(25L);
    }

    @Test
    void aSnapshotTheLogStillNamesIsNeverDeleted() throws Exception {
        ReplicaNode node = node(10);
        int seq = 0;
        for (int i = 0; i < 10; i++) {
            node.write(new Command(new CommandId("c", ++seq), KvCommand.put("k" + seq, "v").encode()), true);
            node.process();
        }
        later.forEach(Runnable::run); // the first snapshot is written and named by the log
        later.clear();
        node.process();
        long named = durable.state().snapshot().index();
        assertThat(named).isPositive();
        // from now on every process dies after writing a snapshot file and before the log names it
        for (int crash = 0; crash < 3; crash++) {
            for (int i = 0; i < 12; i++) {
                node.write(new Command(new CommandId("c", ++seq), KvCommand.put("k" + seq, "v").encode()), true);
                node.process();
            }
            later.clear();
            durable.close();
            assertThat(durable.state().snapshot().index()).isEqualTo(named);
            node = node(10); // restarts from the snapshot its log names
        }
        assertThat((String) node.query(kv -> kv.get("k" + 10).value())).isEqualTo("v");
    }

    @Test
    void aChosenCommandThatCannotBeAppliedIsThrownNotSwallowed() throws Exception {
        ReplicaNode node = node();
        node.write(new Command(new CommandId("c", 1), new byte[] { 42, 42, 42 }), true);
        // the core has handed the slot out: a node that went on would skip it while its peers applied it
        assertThatThrownBy(node::process).isNotNull();
    }

    @Test
    void aRequestThatNobodyServesFailsAtItsDeadline() throws Exception {
        ReplicaNode node = node();
        CompletableFuture<Void> far = node.awaitApplied(1_000);
        now += Duration.ofSeconds(3).toNanos();
        node.tick();
        assertThat(far).isCompletedExceptionally();
    }
}
