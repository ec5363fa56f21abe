package dev.distlab.paxos.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.Snapshot;
import dev.distlab.paxos.core.message.InstallSnapshot;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;
import dev.distlab.paxos.storage.LogFile;
import dev.distlab.paxos.storage.LogFileSystem;
import dev.distlab.paxos.storage.NioLogFileSystem;

/**
 * A snapshot fetch that a replica's own newer snapshot overtakes. Seen in CI (BankRunIT): participant-2, lagging
 * after a restart, began fetching the leader's snapshot at slot 503; meanwhile it caught up from the log, took its
 * own snapshot at 505, and pruning deleted the partial file of the fetch still in progress; completing the fetch
 * then failed on the missing file, which counted as a disk failure and ended the process (exit 70).
 */
class NodeSnapshotsTest {

    @TempDir
    Path leaderDir;
    @TempDir
    Path dir;

    private final List<Runnable> onProtocolThread = new ArrayList<>();
    private final CompletableFuture<Void> transfer = new CompletableFuture<>();

    @Test
    void aFetchOvertakenByTheReplicasOwnNewerSnapshotIsDroppedNotFatal() throws Exception {
        SnapshotStore leader = new SnapshotStore(leaderDir);
        SnapshotRef offered = leader.write(503, new KvStateMachine().fork()::writeTo);
        MovesAfter disk = new MovesAfter();
        SnapshotStore store = new SnapshotStore(disk, dir);
        NodeSnapshots snapshots = new NodeSnapshots(store, new NodeSettings(Duration.ofMillis(50),
                Duration.ofSeconds(3), 1000), fetchingInto(store, leaderDir), NodeMetrics.NONE);
        List<Message> stepped = new ArrayList<>();
        SnapshotRef own = store.write(505, new KvStateMachine().fork()::writeTo);

        boolean held = snapshots.heldForFetch(new InstallSnapshot(1, 2, new Ballot(3, 1),
                new Snapshot(offered.index(), offered.encode())), stepped::add);
        // the replica catches up from the log meanwhile, and the moment the fetcher has checked and forced the
        // fetched file, the log names the replica's own snapshot at 505 and the files below it are pruned
        disk.beforeNextMove = () -> {
            snapshots.restore(new Snapshot(own.index(), own.encode()), new KvStateMachine());
            snapshots.pruneBelow(own.index());
        };
        transfer.complete(null); // the last chunk arrives: the fetcher completes the file
        onProtocolThread.forEach(Runnable::run);

        assertThat(held).isTrue();
        assertThat(stepped).as("an older snapshot than the replica's own is not installed").isEmpty();
        assertThat(store.has(own)).isTrue();
        snapshots.pruneBelow(506);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("nothing of the overtaken fetch is left once the log moves on")
                    .noneMatch(name -> name.startsWith("snap-00000000000000000503"));
        }
    }

    /** Copies the leader's file in two chunks, the second once {@link #transfer} completes, as the fetcher does. */
    private NodeEnvironment fetchingInto(SnapshotStore store, Path from) {
        return new NodeEnvironment() {
            @Override
            public CompletableFuture<Void> fetchSnapshot(int peer, SnapshotRef ref) {
                byte[] file = read(from.resolve(String.format("snap-%020d.snap", ref.index())));
                int half = file.length / 2;
                try {
                    store.appendChunk(ref, 0, java.util.Arrays.copyOfRange(file, 0, half));
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return transfer.thenRun(() -> {
                    try {
                        store.appendChunk(ref, half, java.util.Arrays.copyOfRange(file, half, file.length));
                        store.completeFetch(ref);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }

            @Override
            public void onProtocolThread(Runnable task) {
                onProtocolThread.add(task);
            }

            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void send(List<Message> messages) {
            }

            @Override
            public CompletableFuture<KvResult> forwardWrite(int leader, Command command) {
                return CompletableFuture.failedFuture(new IllegalStateException("not used"));
            }

            @Override
            public CompletableFuture<Long> readIndexAt(int leader) {
                return CompletableFuture.failedFuture(new IllegalStateException("not used"));
            }

            @Override
            public void inBackground(Runnable task) {
                task.run();
            }

            @Override
            public RuntimeException unavailable(String why) {
                return new IllegalStateException(why);
            }
        };
    }

    /** The real file system, running a hook before the next atomic move (where completing a fetch renames it). */
    private static final class MovesAfter implements LogFileSystem {

        Hook beforeNextMove = () -> { };

        interface Hook {
            void run() throws IOException;
        }

        @Override
        public void moveAtomically(Path from, Path to) throws IOException {
            Hook hook = beforeNextMove;
            beforeNextMove = () -> { };
            hook.run();
            NioLogFileSystem.INSTANCE.moveAtomically(from, to);
        }

        @Override
        public boolean exists(Path path) throws IOException {
            return NioLogFileSystem.INSTANCE.exists(path);
        }

        @Override
        public void createDirectory(Path d) throws IOException {
            NioLogFileSystem.INSTANCE.createDirectory(d);
        }

        @Override
        public List<Path> list(Path d) throws IOException {
            return NioLogFileSystem.INSTANCE.list(d);
        }

        @Override
        public LogFile open(Path file, boolean create) throws IOException {
            return NioLogFileSystem.INSTANCE.open(file, create);
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            NioLogFileSystem.INSTANCE.deleteIfExists(file);
        }

        @Override
        public void forceDirectory(Path d) throws IOException {
            NioLogFileSystem.INSTANCE.forceDirectory(d);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
