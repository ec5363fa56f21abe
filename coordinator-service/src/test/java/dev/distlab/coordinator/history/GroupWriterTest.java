package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.distlab.coordinator.history.GroupWriter.Write;

/**
 * The group writer without a database: a fake one records which writes each transaction held, and the first write
 * (or a force) can be held on a latch so that the next callers have to queue behind it.
 */
class GroupWriterTest {

    /** A write named so makes its transaction fail at commit, as a duplicate id does. */
    private static final String FAILS_AT_COMMIT = "duplicate";

    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** The writes of each committed transaction, in commit order. */
    private final List<List<String>> committed = new CopyOnWriteArrayList<>();
    private final List<List<String>> rolledBack = new CopyOnWriteArrayList<>();
    /** Commits, calls of beforeForce and forces, in the order they happened. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    /** The writes of the transaction now open (one at a time: the writer opens them one after another). */
    private volatile List<String> open;
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final CountDownLatch forceEntered = new CountDownLatch(1);
    private final CountDownLatch releaseForce = new CountDownLatch(1);
    private volatile boolean holdForce;
    private volatile RuntimeException forceFailure;

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        releaseForce.countDown();
        callers.shutdownNow();
    }

    @Test
    void shouldWriteALoneCallerAtOnceOnItsOwnThread() {
        GroupWriter writer = writer(128, 512);
        Thread caller = Thread.currentThread();
        List<Thread> writtenBy = new ArrayList<>();

        String result = writer.write(Write.forced(() -> {
            writtenBy.add(Thread.currentThread());
            return written("a");
        }));

        assertThat(result).isEqualTo("a written");
        assertThat(writtenBy).containsExactly(caller);
        assertThat(committed).containsExactly(List.of("a"));
        assertThat(events).containsExactly("commit [a]", "force");
        assertThat(groupSizes).containsExactly(1);
    }

    @Test
    void shouldWriteTheCallersThatArriveDuringAGroupTogetherInTheNextInArrivalOrder() {
        GroupWriter writer = writer(128, 512);
        CompletableFuture<String> first = holdFirst(writer);

        List<CompletableFuture<String>> next = List.of(queue(writer, unforced("b")), queue(writer, forced("c")),
                queue(writer, unforced("d")));
        releaseFirst.countDown();

        assertThat(first.join()).isEqualTo("first written");
        assertThat(next).extracting(CompletableFuture::join).containsExactly("b written", "c written", "d written");
        assertThat(committed).containsExactly(List.of("first"), List.of("b", "c", "d"));
        assertThat(groupSizes).containsExactly(1, 3);
        assertThat(events).as("one force, for the group that needs one").containsExactly("commit [first]",
                "commit [b, c, d]", "force");
    }

    @Test
    void shouldPutAtMostMaxGroupWritesInOneTransaction() {
        GroupWriter writer = writer(2, 8);
        CompletableFuture<String> first = holdFirst(writer);
        List<CompletableFuture<String>> next = new ArrayList<>();
        for (String name : List.of("b", "c", "d", "e", "f")) {
            next.add(queue(writer, forced(name)));
        }
        releaseFirst.countDown();

        first.join();
        next.forEach(CompletableFuture::join);
        assertThat(committed).containsExactly(List.of("first"), List.of("b", "c"), List.of("d", "e"), List.of("f"));
        assertThat(groupSizes).containsExactly(1, 2, 2, 1);
    }

    @Test
    void shouldMakeCallersBeyondTheQueueBoundWaitForRoom() {
        GroupWriter writer = writer(2, 2);
        CompletableFuture<String> first = holdFirst(writer);
        List<CompletableFuture<String>> next = new ArrayList<>(List.of(queue(writer, unforced("b")),
                queue(writer, unforced("c"))));
        next.add(CompletableFuture.supplyAsync(() -> writer.write(unforced("d")), callers));
        next.add(CompletableFuture.supplyAsync(() -> writer.write(unforced("e")), callers));

        await("d and e to wait for room").until(() -> writer.waitingForRoom() == 2);
        assertThat(writer.queued()).isEqualTo(2);
        releaseFirst.countDown();

        first.join();
        assertThat(next).extracting(CompletableFuture::join).containsExactly("b written", "c written", "d written",
                "e written");
        assertThat(committed.subList(0, 2)).containsExactly(List.of("first"), List.of("b", "c"));
        assertThat(committed.subList(2, committed.size()).stream().flatMap(List::stream))
                .containsExactlyInAnyOrder("d", "e");
        assertThat(groupSizes).allMatch(size -> size <= 2);
    }

    @Test
    void shouldWriteAFailedGroupAgainOneByOneSoThatOnlyTheFailingCallerFails() {
        GroupWriter writer = writer(128, 512);
        CompletableFuture<String> first = holdFirst(writer);
        RuntimeException refused = new IllegalStateException("refused by the statements");

        CompletableFuture<String> b = queue(writer, forced("b"));
        CompletableFuture<String> duplicate = queue(writer, forced(FAILS_AT_COMMIT));
        CompletableFuture<String> throwing = queue(writer, Write.forced(() -> {
            throw refused;
        }));
        CompletableFuture<String> c = queue(writer, unforced("c"));
        releaseFirst.countDown();

        first.join();
        assertThat(b.join()).isEqualTo("b written");
        assertThat(c.join()).isEqualTo("c written");
        assertThatThrownBy(duplicate::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessage("commit failed: " + FAILS_AT_COMMIT);
        assertThatThrownBy(throwing::join).cause().isSameAs(refused);
        assertThat(committed).containsExactly(List.of("first"), List.of("b"), List.of("c"));
        assertThat(rolledBack).containsExactly(List.of("b", FAILS_AT_COMMIT), List.of(FAILS_AT_COMMIT), List.of());
        assertThat(groupSizes).as("a group retried one by one is still one group").containsExactly(1, 4);
        assertThat(events).as("one force for the writes that were written").endsWith("commit [c]", "force");
    }

    @Test
    void shouldKeepWritingAfterALoneWriteFailed() {
        GroupWriter writer = writer(128, 512);

        assertThatThrownBy(() -> writer.write(forced(FAILS_AT_COMMIT))).hasMessage("commit failed: " + FAILS_AT_COMMIT);
        assertThat(writer.write(forced("a"))).isEqualTo("a written");

        assertThat(rolledBack).containsExactly(List.of(FAILS_AT_COMMIT));
        assertThat(committed).containsExactly(List.of("a"));
        assertThat(events).as("no force for a write that failed").containsExactly("commit [a]", "force");
    }

    @Test
    void shouldFailOnlyTheCallersThatNeededAFailedForce() {
        GroupWriter writer = writer(128, 512);
        CompletableFuture<String> first = holdFirst(writer);
        RuntimeException diskFailed = new IllegalStateException("the disk failed");
        forceFailure = diskFailed;

        CompletableFuture<String> a = queue(writer, forced("a"));
        CompletableFuture<String> b = queue(writer, unforced("b"));
        CompletableFuture<String> c = queue(writer, forced("c"));
        releaseFirst.countDown();

        assertThat(first.join()).isEqualTo("first written");
        assertThat(b.join()).isEqualTo("b written");
        assertThatThrownBy(a::join).cause().isSameAs(diskFailed);
        assertThatThrownBy(c::join).cause().isSameAs(diskFailed);
        assertThat(committed).containsExactly(List.of("first"), List.of("a", "b", "c"));
    }

    @Test
    void shouldReleaseAnUnforcedCallerOnceCommittedWithoutWaitingForTheForce() {
        GroupWriter writer = writer(128, 512);
        CompletableFuture<String> first = holdFirst(writer);
        holdForce = true;
        CompletableFuture<String> a = queue(writer, forced("a"));
        CompletableFuture<String> b = queue(writer, unforced("b"));
        releaseFirst.countDown();

        assertThat(b.join()).isEqualTo("b written");
        assertThat(first.join()).isEqualTo("first written");
        awaitLatch(forceEntered);
        assertThat(a).as("a needs the force, which is held").isNotDone();
        releaseForce.countDown();
        assertThat(a.join()).isEqualTo("a written");
    }

    @Test
    void shouldWriteTheNextGroupWhileThePreviousIsBeingForced() {
        GroupWriter writer = writer(128, 512);
        holdForce = true;
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> writer.write(forced("a")), callers);
        awaitLatch(forceEntered);

        assertThat(writer.write(unforced("b"))).isEqualTo("b written");

        assertThat(a).isNotDone();
        assertThat(committed).containsExactly(List.of("a"), List.of("b"));
        releaseForce.countDown();
        assertThat(a.join()).isEqualTo("a written");
    }

    @Test
    void shouldRunBeforeForceAfterTheCommitAndFailOnlyItsOwnCallerIfItThrows() {
        GroupWriter writer = writer(128, 512);
        CompletableFuture<String> first = holdFirst(writer);
        RuntimeException crashed = new IllegalStateException("crash point");

        CompletableFuture<String> a = queue(writer, Write.forced(() -> written("a"), () -> events.add("before a")));
        CompletableFuture<String> b = queue(writer, Write.forced(() -> written("b"), () -> {
            throw crashed;
        }));
        CompletableFuture<String> c = queue(writer, Write.forced(() -> written("c"), () -> events.add("before c")));
        releaseFirst.countDown();

        first.join();
        assertThat(a.join()).isEqualTo("a written");
        assertThat(c.join()).isEqualTo("c written");
        assertThatThrownBy(b::join).cause().isSameAs(crashed);
        assertThat(events).containsExactly("commit [first]", "commit [a, b, c]", "before a", "before c", "force");
    }

    @Test
    void shouldRefuseAGroupOfNothingOrAQueueSmallerThanAGroup() {
        assertThatThrownBy(() -> writer(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ support

    private GroupWriter writer(int maxGroup, int maxQueued) {
        return new GroupWriter(maxGroup, maxQueued, this::inTransaction, this::force, groupSizes::add);
    }

    /** The fake database: a transaction commits the names its writes added, unless one of them fails it. */
    private void inTransaction(Runnable work) {
        List<String> tx = new ArrayList<>();
        open = tx;
        try {
            work.run();
        } catch (RuntimeException e) {
            rolledBack.add(tx);
            throw e;
        }
        if (tx.contains(FAILS_AT_COMMIT)) {
            rolledBack.add(tx);
            throw new IllegalStateException("commit failed: " + FAILS_AT_COMMIT);
        }
        committed.add(tx);
        events.add("commit " + tx);
    }

    private void force() {
        if (holdForce) {
            forceEntered.countDown();
            awaitLatch(releaseForce);
        }
        if (forceFailure != null) {
            throw forceFailure;
        }
        events.add("force");
    }

    private String written(String name) {
        open.add(name);
        return name + " written";
    }

    private Write<String> forced(String name) {
        return Write.forced(() -> written(name));
    }

    private Write<String> unforced(String name) {
        return Write.unforced(() -> written(name));
    }

    /** An unforced write named "first" whose statements wait for {@link #releaseFirst}: its group stays open. */
    private CompletableFuture<String> holdFirst(GroupWriter writer) {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> writer.write(Write.unforced(() -> {
            firstEntered.countDown();
            awaitLatch(releaseFirst);
            return written("first");
        })), callers);
        awaitLatch(firstEntered);
        return first;
    }

    /** Starts a caller and returns once its write is queued, so that callers queue in the order of these calls. */
    private CompletableFuture<String> queue(GroupWriter writer, Write<String> write) {
        int before = writer.queued();
        CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> writer.write(write), callers);
        await("the write to queue").until(() -> writer.queued() == before + 1);
        return caller;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
