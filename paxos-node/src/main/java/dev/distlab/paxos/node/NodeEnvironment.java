package dev.distlab.paxos.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.node.snapshot.SnapshotRef;

/**
 * What a {@link ReplicaNode} needs from the world around it. Production wires HTTP and the protocol thread's
 * queue; the simulator wires its network and event loop. Nothing here may call back into the node directly:
 * completions reach it through {@link #onProtocolThread}.
 */
public interface NodeEnvironment {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Hands messages to the network; called only after the state they depend on is durable. */
    void send(List<Message> messages);

    /** Asks {@code leader} to propose {@code command}; the future completes on any thread. */
    CompletableFuture<KvResult> forwardWrite(int leader, Command command);

    /** Asks {@code leader} for a confirmed read index; the future completes on any thread. */
    CompletableFuture<Long> readIndexAt(int leader);

    /** Runs {@code task} later on the thread that drives the node (with the node's other inputs). */
    void onProtocolThread(Runnable task);

    /**
     * Fetches the referenced snapshot file from replica {@code from} into the node's snapshot store (resuming
     * a transfer that broke off); the future completes, on any thread, once the file is whole and durable.
     */
    CompletableFuture<Void> fetchSnapshot(int from, SnapshotRef ref);

    /** Runs slow work (writing a snapshot file) off the protocol thread; it reports back through {@link #onProtocolThread}. */
    void inBackground(Runnable task);

    /** The failure a request gets when the store cannot serve it now (the API answers 503). */
    RuntimeException unavailable(String why);
}
