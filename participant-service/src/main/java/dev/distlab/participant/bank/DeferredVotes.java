package dev.distlab.participant.bank;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import dev.distlab.common.unsafe.UnsafeSwitch;
import dev.distlab.common.unsafe.UnsafeSwitches;

/**
 * The planted bug of {@code platform.unsafe.vote-before-fsync} (for teaching): a YES is answered first and its
 * PREPARED branch written and forced {@code platform.unsafe.write-delay} later, on this scheduler. A crash in
 * between loses the branch and its locks: after the restart this participant has no record of its promise. (A
 * killed process does not lose what it wrote without an fsync, since the OS keeps it, so the write itself waits.)
 * Operations on the same transaction wait for its pending write first, so without a crash the bank behaves as
 * before, only slower.
 */
class DeferredVotes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeferredVotes.class);

    private final boolean enabled;
    private final Duration delay;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;

    DeferredVotes(UnsafeSwitches unsafe) {
        this.enabled = unsafe.isOn(UnsafeSwitch.VOTE_BEFORE_FSYNC);
        this.delay = unsafe.writeDelay();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "unsafe-deferred-votes");
            t.setDaemon(true);
            return t;
        });
        // a graceful stop drops them too: what was promised and not yet written is lost, as in a crash
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    boolean enabled() {
        return enabled;
    }

    /** Runs {@code write} (record and force the branch) after the delay; {@code lost} if it fails. */
    void later(String txId, Runnable write, Runnable lost) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(txId, done);
        scheduler.schedule(() -> {
            try {
                write.run();
                done.complete(null);
            } catch (RuntimeException e) {
                log.error("Transaction {}: writing its PREPARED branch {} ms after voting YES failed ({}); the promise "
                        + "is lost", txId, delay.toMillis(), e.toString());
                lost.run();
                done.completeExceptionally(e);
            } finally {
                pending.remove(txId, done);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the deferred branch of {@code txId}, if any, was written (or failed to be). */
    void awaitWritten(String txId) {
        CompletableFuture<Void> done = pending.get(txId);
        if (done != null) {
            try {
                done.get(delay.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // logged by the write; the caller finds no branch, as after a crash
            }
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
