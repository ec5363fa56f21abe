package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

/**
 * The queue itself: no wait while a call may start, what comes meanwhile in the next call up to the batch size, at
 * most so many calls at once, and at most so many items waiting.
 */
class BatchQueueTest {

    private record Item(String name, CompletableFuture<String> answer) implements BatchQueue.Item {
        Item(String name) {
            this(name, new CompletableFuture<>());
        }
    }

    /** The calls sent, each with its items' names and the {@code done} that ends it. */
    private final List<List<String>> sent = new ArrayList<>();
    private final List<Runnable> calls = new ArrayList<>();

    private BatchQueue<Item> queue(int maxItems, int maxInFlight, int capacity) {
        return new BatchQueue<>(maxItems, maxInFlight, capacity, (batch, done) -> {
            sent.add(batch.stream().map(Item::name).toList());
            calls.add(done);
        });
    }

    @Test
    void whatComesWhileTheCallsAreUnderWayGoesInTheNextCallUpToTheBatchSize() {
        BatchQueue<Item> queue = queue(2, 2, 10);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            queue.submit(new Item(name));
        }
        assertThat(sent).as("at once, while a call may start").containsExactly(List.of("a"), List.of("b"));
        assertThat(queue.waiting()).isEqualTo(3);

        calls.get(0).run();
        calls.get(0).run(); // a second done of the same call changes nothing

        assertThat(sent).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
        calls.get(1).run();
        assertThat(sent).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"), List.of("e"));
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void anItemSettledWhileItWaitedIsNotSent() {
        BatchQueue<Item> queue = queue(10, 1, 10);
        queue.submit(new Item("a"));
        Item late = new Item("late");
        queue.submit(late);
        queue.submit(new Item("b"));
        late.answer().complete("timed out");

        calls.get(0).run();

        assertThat(sent).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void anItemBeyondTheCapacityIsRefusedAtOnceAndNotSent() {
        BatchQueue<Item> queue = queue(2, 1, 2);
        queue.submit(new Item("a"));
        queue.submit(new Item("b"));
        queue.submit(new Item("c"));
        Item refused = new Item("d");

        queue.submit(refused);

        assertThat(refused.answer()).as("refused at once").isCompletedExceptionally();
        assertThatThrownBy(refused.answer()::join).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("2 calls were already waiting");
        calls.get(0).run();
        assertThat(sent).containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void aSenderThatThrowsFailsItsItemsAndTheNextCallGoesOn() {
        List<Item> failedOnce = new ArrayList<>();
        BatchQueue<Item> queue = new BatchQueue<>(5, 1, 10, (batch, done) -> {
            if (failedOnce.isEmpty()) {
                failedOnce.addAll(batch);
                throw new IllegalStateException("executor shut down");
            }
            sent.add(batch.stream().map(Item::name).toList());
        });
        Item first = new Item("a");

        queue.submit(first);
        queue.submit(new Item("b"));

        assertThatThrownBy(first.answer()::join).hasMessageContaining("executor shut down");
        assertThat(sent).containsExactly(List.of("b"));
    }
}
