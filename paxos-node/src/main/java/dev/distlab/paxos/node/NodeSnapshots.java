package dev.distlab.paxos.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.core.PaxosReplica;
import dev.distlab.paxos.core.Snapshot;
import dev.distlab.paxos.core.message.InstallSnapshot;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.Promise;
import dev.distlab.paxos.kv.KvStateMachine;
import dev.distlab.paxos.node.snapshot.SnapshotDiskException;
import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;

/**
 * A node's snapshot files: when one is due, writing it off the protocol thread from a fork of the state
 * machine, fetching one a peer's message names, restoring one, and deleting those the log no longer names.
 * The core only ever sees a {@link SnapshotRef}'s bytes as a snapshot's data. Protocol thread only.
 */
final class NodeSnapshots {

    private static final Logger log = LoggerFactory.getLogger(NodeSnapshots.class);

    private final SnapshotStore store;
    private final NodeSettings settings;
    private final NodeEnvironment env;
    private final NodeMetrics metrics;
    private final Set<Long> fetching = new HashSet<>();
    private long lastIndex;
    private long lastFileBytes;
    private long bytesSince;
    private boolean writing;
    private long prunedBelow;

    NodeSnapshots(SnapshotStore store, NodeSettings settings, NodeEnvironment env, NodeMetrics metrics) {
        this.store = store;
        this.settings = settings;
        this.env = env;
        this.metrics = metrics;
    }

    /**
     * Holds back a message that names a snapshot this replica lacks, fetches the file from its sender, and
     * hands the message to {@code step} once the file is whole: the core installs a snapshot as soon as it
     * steps such a message. Copies that arrive meanwhile are dropped (the network may drop them too); the
     * leader offers the snapshot again later, also after a transfer that failed. A fetch overtaken by this
     * replica's own newer snapshot is dropped when it ends (its partial file is not pruned while it runs). A failure
     * of this replica's own disk while storing it is fatal: the file may be in place without being durable.
     * Returns false for any other message.
     */
    boolean heldForFetch(Message message, Consumer<Message> step) {
        Snapshot named = message instanceof InstallSnapshot install ? install.snapshot()
                : message instanceof Promise promise ? promise.snapshot() : null;
        if (named == null) {
            return false;
        }
        SnapshotRef ref = SnapshotRef.decode(named.data());
        if (store.has(ref)) {
            return false;
        }
        if (fetching.add(ref.index())) {
            log.info("Fetching the snapshot at slot {} ({} KiB) from replica {}", ref.index(), ref.fileBytes() / 1024,
                    message.from());
            env.fetchSnapshot(message.from(), ref).whenComplete((done, error) -> env.onProtocolThread(() -> {
                fetching.remove(ref.index());
                Throwable cause = unwrap(error);
                if (cause instanceof SnapshotDiskException disk) {
                    throw new IllegalStateException("the snapshot at slot " + ref.index() + " could not be stored ("
                            + disk.getMessage() + ")", disk);
                } else if (cause != null) {
                    log.warn("Fetching the snapshot at slot {} from replica {} failed ({}); it is asked for again "
                            + "when the leader next offers it", ref.index(), message.from(), cause.toString());
                } else if (ref.index() <= lastIndex) {
                    // caught up from the log meanwhile: the file goes with the next prune
                    log.info("The snapshot at slot {} fetched from replica {} is no longer needed: this replica "
                            + "already holds its own at slot {}", ref.index(), message.from(), lastIndex);
                } else {
                    step.accept(message);
                }
            }));
        }
        return true;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof UncheckedIOException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Replaces the state machine with the snapshot the core hands out (taken here, fetched, or at restart). */
    void restore(Snapshot snapshot, KvStateMachine kv) throws IOException {
        SnapshotRef ref = SnapshotRef.decode(snapshot.data());
        try (InputStream in = store.open(ref)) {
            kv.restore(in);
        }
        lastIndex = ref.index();
        lastFileBytes = ref.fileBytes();
        bytesSince = 0;
    }

    /** Counts the bytes of commands applied, which make the next snapshot due. */
    void applied(long commandBytes) {
        bytesSince += commandBytes;
    }

    /**
     * Takes a snapshot if one is due and none is being written: forks the state machine here (references
     * only) and writes the file in the background; only once it is durable does the core drop the log below
     * it ({@code replica.compact} with the file's reference).
     */
    void maybeTake(KvStateMachine kv, PaxosReplica replica) {
        if (writing || !settings.snapshotDue(kv.appliedIndex() - lastIndex, bytesSince, lastFileBytes)) {
            return;
        }
        writing = true;
        KvStateMachine.Fork fork = kv.fork();
        env.inBackground(() -> {
            try {
                SnapshotRef ref = store.write(fork.appliedIndex(), fork::writeTo);
                env.onProtocolThread(() -> written(ref, fork.revision(), replica));
            } catch (IOException | RuntimeException e) {
                env.onProtocolThread(() -> {
                    throw new IllegalStateException("the snapshot at slot " + fork.appliedIndex()
                            + " could not be written: " + e, e);
                });
            }
        });
    }

    private void written(SnapshotRef ref, long revision, PaxosReplica replica) {
        writing = false;
        if (ref.index() <= lastIndex) {
            return; // a newer snapshot was installed from the leader meanwhile
        }
        replica.compact(ref.index(), ref.encode());
        lastIndex = ref.index();
        lastFileBytes = ref.fileBytes();
        bytesSince = 0;
        metrics.snapshotTaken();
        log.info("Took a snapshot at slot {} ({} KiB, revision {}); the log below it can be dropped", ref.index(),
                ref.fileBytes() / 1024, revision);
    }

    /**
     * Deletes the files older than the snapshot the synced log names: a snapshot written or fetched but not yet
     * named by a synced record is not the replica's state, and a crash before that record restarts from the
     * one named now.
     */
    void pruneBelow(long namedBySyncedLog) throws IOException {
        if (namedBySyncedLog > prunedBelow) {
            store.pruneBelow(namedBySyncedLog, fetching);
            prunedBelow = namedBySyncedLog;
        }
    }
}
