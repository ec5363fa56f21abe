package dev.distlab.participant.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A batch holds the locks of all its transactions until its database transaction has committed. */
class TxLocksTest {

    private final TxLocks locks = new TxLocks();

    @Test
    void anOperationOnATransactionOfABatchWaitsUntilTheWholeBatchIsDone() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> locks.withAll(List.of("t2", "t1"), () -> {
            // the items take their own locks again, as BankService does inside a batch
            locks.with("t1", () -> locks.with("t2", () -> null));
            inside.countDown();
            await(finish);
            return null;
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> resolver = CompletableFuture.supplyAsync(() -> locks.with("t1", () -> "ran"));
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> locks.with("t3", () -> "ran"));

        assertThat(other.get(5, TimeUnit.SECONDS)).as("another transaction does not wait").isEqualTo("ran");
        assertThat(resolver).as("t1 stays locked after its item ran, until the batch is done").isNotDone();
        finish.countDown();
        batch.get(5, TimeUnit.SECONDS);
        assertThat(resolver.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(locks.size()).isZero();
    }

    @Test
    void twoBatchesWithTheSameTransactionsInOtherOrdersDoNotDeadlock() throws Exception {
        CompletableFuture<?>[] batches = new CompletableFuture<?>[8];
        for (int i = 0; i < batches.length; i++) {
            List<String> ids = i % 2 == 0 ? List.of("a", "b", "c") : List.of("c", "b", "a");
            batches[i] = CompletableFuture.runAsync(() -> {
                for (int n = 0; n < 200; n++) {
                    locks.withAll(ids, () -> null);
                }
            });
        }
        CompletableFuture.allOf(batches).get(30, TimeUnit.SECONDS);
        assertThat(locks.size()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
