package dev.distlab.paxos.node;

import java.util.concurrent.CompletableFuture;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.kv.KvResult;

/** Requests waiting on the protocol thread; each has a deadline after which it fails as unavailable. */
final class Pending {

    private Pending() {
    }

    static final class Write {
        final Command command;
        final boolean mayForward;
        final long deadline;
        final long startNanos;
        final CompletableFuture<KvResult> future = new CompletableFuture<>();

        Write(Command command, boolean mayForward, long startNanos, long deadline) {
            this.command = command;
            this.mayForward = mayForward;
            this.startNanos = startNanos;
            this.deadline = deadline;
        }
    }

    static final class Read {
        final boolean mayForward;
        final long deadline;
        final CompletableFuture<Long> future = new CompletableFuture<>();

        Read(boolean mayForward, long deadline) {
            this.mayForward = mayForward;
            this.deadline = deadline;
        }
    }

    record AppliedWaiter(long index, long deadline, CompletableFuture<Void> future) {
    }

    record RevisionWaiter(long afterRevision, long deadline, CompletableFuture<Long> future) {
    }
}
