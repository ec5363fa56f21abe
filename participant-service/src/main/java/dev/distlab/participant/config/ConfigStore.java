package dev.distlab.participant.config;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;

/**
 * The replicated config store as the HTTP API sees it. Provided as a Spring bean by the replication layer
 * ({@code dev.distlab.participant.replication}); the API answers 503 while no such bean exists.
 */
public interface ConfigStore {

    /** How fresh a read must be. */
    enum Consistency { LINEARIZABLE, STALE }

    /**
     * Proposes a write through Paxos; completes with the state machine's result once applied locally.
     * Completes exceptionally with {@link StoreUnavailableException} when no majority could commit it in time.
     */
    CompletableFuture<KvResult> write(KvCommand command);

    /**
     * Runs the query against the local state machine: LINEARIZABLE after a read-index barrier confirmed by a
     * majority, STALE at once. The function runs under the store's lock: it must be quick and must copy what it
     * returns. Completes exceptionally with {@link StoreUnavailableException} when there is no majority in time.
     */
    <T> CompletableFuture<T> read(Consistency consistency, Function<KvStateMachine, T> query);

    /**
     * Completes (with the local revision) as soon as the local store revision exceeds afterRevision, or
     * completes normally at the timeout with the then-current revision. Never completes exceptionally.
     */
    CompletableFuture<Long> awaitRevisionAfter(long afterRevision, Duration timeout);
}
