package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.distlab.coordinator.BankProperties;

/** Turns on accounts: who waits for whom, in which order, for how long, and what is left afterwards. */
class AccountTurnsTest {

    /** Far longer than any test waits: a wait that runs out here is a bug, not a slow machine. */
    private static final Duration LONG = Duration.ofMinutes(1);
    private static final String P1 = "participant-1";

    private final List<Boolean> waits = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void shouldLetALaterTransactionOnABusyAccountGoOnlyOnceTheEarlierReleasedIt() throws Exception {
        AccountTurns turns = new AccountTurns(LONG, (nanos, gotAll) -> waits.add(gotAll));
        AccountTurns.Held first = take(turns, "alice", "bob");

        CompletableFuture<AccountTurns.Held> second = CompletableFuture.supplyAsync(
                () -> take(turns, "bob", "carol"), threads);
        CompletableFuture<AccountTurns.Held> unrelated = CompletableFuture.supplyAsync(
                () -> take(turns, "dave"), threads);

        unrelated.get(10, TimeUnit.SECONDS).release();
        assertThat(second).as("bob is busy").isNotDone();
        first.release();
        second.get(10, TimeUnit.SECONDS).release();
        assertThat(waits).as("one wait, which got every turn").containsExactly(true);
        assertThat(turns.accounts()).as("nothing kept once nobody holds or waits").isZero();
    }

    @Test
    void shouldHandTheTurnOnInArrivalOrder() throws Exception {
        AccountTurns turns = new AccountTurns(LONG, (nanos, gotAll) -> waits.add(gotAll));
        AccountTurns.Held holder = take(turns, "bob");
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            waiting.add(CompletableFuture.runAsync(() -> {
                AccountTurns.Held held = take(turns, "bob");
                order.add(n);
                held.release();
            }, threads));
            awaitWaiting(turns, n + 1); // the next one arrives once this one waits
        }

        holder.release();
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldNeverLetTwoTransactionsWaitForEachOther() throws Exception {
        AccountTurns turns = new AccountTurns(LONG, (nanos, gotAll) -> waits.add(gotAll));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // the same two accounts, named in both orders: taken in account order, they cannot deadlock
            List<String> accounts = i % 2 == 0 ? List.of("alice", "bob") : List.of("bob", "alice");
            all.add(CompletableFuture.runAsync(() -> {
                await(go);
                for (int k = 0; k < 200; k++) {
                    turns.take(Map.of(P1, accounts)).release();
                }
            }, threads));
        }
        go.countDown();

        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(waits).as("no wait ran out").doesNotContain(false);
        assertThat(turns.accounts()).isZero();
    }

    @Test
    void shouldGoOnWithoutTheTurnWhenTheLongestWaitRunsOut() {
        AccountTurns turns = new AccountTurns(Duration.ofMillis(50), (nanos, gotAll) -> waits.add(gotAll));
        AccountTurns.Held holder = take(turns, "bob");

        AccountTurns.Held late = take(turns, "alice", "bob");

        assertThat(waits).containsExactly(false);
        // it holds alice, not bob: releasing it leaves bob with its holder
        late.release();
        assertThat(turns.accounts()).isEqualTo(1);
        holder.release();
        assertThat(turns.accounts()).isZero();
    }

    @Test
    void shouldReleaseOnlyOnceAndTakeNothingWhenWaitingIsOff() throws Exception {
        AccountTurns turns = new AccountTurns(LONG, (nanos, gotAll) -> waits.add(gotAll));
        AccountTurns.Held held = take(turns, "bob");
        held.release();
        held.release();
        AccountTurns.Held next = take(turns, "bob");
        CompletableFuture<AccountTurns.Held> after = CompletableFuture.supplyAsync(() -> take(turns, "bob"),
                threads);
        awaitWaiting(turns, 1);
        held.release(); // a second release of an old turn must not hand bob to the waiter
        assertThat(after).isNotDone();
        next.release();
        after.get(10, TimeUnit.SECONDS).release();

        AccountTurns off = new AccountTurns(Duration.ZERO, (nanos, gotAll) -> waits.add(gotAll));
        take(off, "bob");
        take(off, "bob").release();
        assertThat(off.accounts()).isZero();
    }

    @Test
    void shouldHandOnTheAccountsOfAParticipantAsSoonAsItHasAnsweredNotWhenAllHave() throws Exception {
        AccountTurns turns = new AccountTurns(LONG, (nanos, gotAll) -> waits.add(gotAll));
        AccountTurns.Held first = turns.take(Map.of(P1, List.of("alice"), "participant-2", List.of("bob")));
        CompletableFuture<AccountTurns.Held> onAlice = CompletableFuture.supplyAsync(() -> take(turns, "alice"),
                threads);
        CompletableFuture<AccountTurns.Held> onBob = CompletableFuture.supplyAsync(() -> take(turns, "bob"), threads);
        awaitWaiting(turns, "alice", 1);
        awaitWaiting(turns, "bob", 1);

        first.release(P1);
        AccountTurns.Held second = onAlice.get(10, TimeUnit.SECONDS);
        first.release(P1); // once only: alice stays with the second
        CompletableFuture<AccountTurns.Held> third = CompletableFuture.supplyAsync(() -> take(turns, "alice"),
                threads);
        awaitWaiting(turns, "alice", 1);
        assertThat(onBob).as("participant-2 has not answered yet").isNotDone();
        first.release();
        onBob.get(10, TimeUnit.SECONDS).release();
        second.release();
        third.get(10, TimeUnit.SECONDS).release();
        assertThat(turns.accounts()).isZero();
    }

    @Test
    void shouldTakeTheLongestWaitFromTheSettingsAndRefuseANegativeOne() {
        Binder defaults = new Binder(new MapConfigurationPropertySource(Map.of()));
        assertThat(defaults.bindOrCreate("platform.bank", BankProperties.class).busyAccountWait())
                .isEqualTo(Duration.ofSeconds(1));
        Binder negative = new Binder(new MapConfigurationPropertySource(
                Map.of("platform.bank.busy-account-wait", "-1s")));

        assertThatThrownBy(() -> negative.bindOrCreate("platform.bank", BankProperties.class))
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy-account-wait");
    }

    /** Takes the turns of accounts all at one participant. */
    private static AccountTurns.Held take(AccountTurns turns, String... accounts) {
        return turns.take(Map.of(P1, List.of(accounts)));
    }

    /** Waits until {@code n} transactions wait for bob's turn. */
    private static void awaitWaiting(AccountTurns turns, int n) throws InterruptedException {
        awaitWaiting(turns, "bob", n);
    }

    /** Waits until {@code n} transactions wait for the account's turn. */
    private static void awaitWaiting(AccountTurns turns, String account, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (turns.waiting(account) < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(turns.waiting(account)).isEqualTo(n);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
