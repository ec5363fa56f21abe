package dev.distlab.participant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.distlab.participant.config.ConfigBatchJson.Result;
import dev.distlab.participant.config.ConfigParams.Precondition;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.kv.KvStateMachine;
import tools.jackson.databind.JsonNode;

/**
 * How a batch runs against the store: its writes are proposed together, not one after the other, and a write the
 * store could not take answers for itself only.
 */
class ConfigBatchTest {

    private final InMemoryConfigStore memory = new InMemoryConfigStore();
    private final ConfigBatch batch = new ConfigBatch();

    /** A store that answers no write until {@link #release()}, and can refuse chosen keys as a real replica does. */
    private final class HeldStore implements ConfigStore {
        final List<CompletableFuture<Void>> proposed = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> released = new CompletableFuture<>();
        final Function<KvCommand, RuntimeException> refusal;

        HeldStore(Function<KvCommand, RuntimeException> refusal) {
            this.refusal = refusal;
        }

        void release() {
            released.complete(null);
        }

        @Override
        public CompletableFuture<KvResult> write(KvCommand command) {
            RuntimeException refused = refusal.apply(command);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            proposed.add(null);
            return released.thenCompose(ignored -> memory.write(command));
        }

        @Override
        public <T> CompletableFuture<T> read(Consistency consistency, Function<KvStateMachine, T> query) {
            return memory.read(consistency, query);
        }

        @Override
        public CompletableFuture<Long> awaitRevisionAfter(long afterRevision, Duration timeout) {
            return memory.awaitRevisionAfter(afterRevision, timeout);
        }
    }

    private static ConfigWrite create(String key) {
        return ConfigWrite.put(key, "v", Precondition.ABSENT);
    }

    @Test
    void proposesEveryWriteBeforeAnyIsAnswered() {
        HeldStore store = new HeldStore(command -> null);
        List<ConfigWrite> writes = List.of(create("a"), create("b"), create("c"), create("d"));

        CompletableFuture<List<Result>> results = CompletableFuture.supplyAsync(() -> batch.run(store, writes));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> store.proposed.size() == writes.size());
        } finally {
            store.release();
        }

        assertThat(results.join()).extracting(Result::key, Result::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 201), org.assertj.core.groups.Tuple.tuple("b", 201),
                org.assertj.core.groups.Tuple.tuple("c", 201), org.assertj.core.groups.Tuple.tuple("d", 201));
    }

    @Test
    void aWriteTheStoreCannotTakeAnswersForItselfAndTheOthersAreWritten() {
        HeldStore store = new HeldStore(command -> switch (command.key()) {
            case "full" -> new StoreQuotaExceededException("over the quota of 1000");
            case "lost" -> new StoreUnavailableException("no majority (test)");
            default -> null;
        });
        store.release();

        List<Result> results = batch.run(store, List.of(create("a"), create("full"), create("lost"), create("b")));

        assertThat(results).extracting(Result::status).containsExactly(201, 507, 503, 201);
        JsonNode full = (JsonNode) results.get(1).body();
        assertThat(full.path("detail").asString()).contains("space quota").contains("nothing was written");
        assertThat(full.path("instance").asString()).isEqualTo("/api/config/full");
        assertThat(full.toString()).as("the whole problem, as the single PUT's").isEqualTo("{\"type\":"
                + "\"urn:problem:insufficient-storage\",\"title\":\"Insufficient Storage\",\"status\":507,\"detail\":"
                + "\"The config store is at its space quota; nothing was written. Delete keys to make room: over the "
                + "quota of 1000\",\"instance\":\"/api/config/full\"}");
        assertThat(((JsonNode) results.get(2).body()).toString()).isEqualTo("{\"type\":"
                + "\"urn:problem:service-unavailable\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":"
                + "\"The config store cannot reach a majority of replicas right now: no majority (test)\",\"instance\":"
                + "\"/api/config/lost\"}");
        assertThat(results.get(2).revision()).as("no store revision: it was not answered").isNull();
        assertThat(memory.apply(KvCommand.putIfAbsent("a", "again")).status())
                .isEqualTo(KvResult.Status.PRECONDITION_FAILED);
        assertThat(memory.apply(KvCommand.putIfAbsent("full", "now")).status()).isEqualTo(KvResult.Status.CREATED);
    }

    @Test
    void anUnexpectedFailureIsA500ThatTellsNothingOfItsCause() {
        HeldStore store = new HeldStore(command -> command.key().equals("odd")
                ? new IllegalStateException("a secret of the server") : null);
        store.release();

        List<Result> results = batch.run(store, List.of(create("a"), create("odd")));

        assertThat(results).extracting(Result::status).containsExactly(201, 500);
        assertThat(results.get(1).revision()).isNull();
        assertThat(((JsonNode) results.get(1).body()).toString()).isEqualTo("{\"type\":"
                + "\"urn:problem:internal-server-error\",\"title\":\"Internal Server Error\",\"status\":500,"
                + "\"detail\":\"The server could not complete the request\",\"instance\":\"/api/config/odd\"}");
    }

    @Test
    void aBatchNoneOfWhoseWritesCouldBeCommittedIsUnavailableAsAWhole() {
        memory.setAvailable(false);

        assertThatThrownBy(() -> batch.run(memory, List.of(create("a"), ConfigWrite.delete("b",
                Precondition.NONE)))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("none of the batch's 2 writes");
    }
}
