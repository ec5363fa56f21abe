package dev.distlab.coordinator.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.support.BankFixture;
import io.micrometer.core.instrument.MeterRegistry;

/** The retention sweep of idempotency records, called directly (the background one is stopped). */
class IdempotencySweepTest {

    @RegisterExtension
    static final BankFixture BANK = new BankFixture(1, "platform.bank.idempotency-retention=1h");

    private static final Duration OLD = Duration.ofHours(2);
    private static final Duration YOUNG = Duration.ofMinutes(5);

    IdempotencySweep sweep;
    FakeConfigStore store;

    @BeforeEach
    void stopTheBackgroundSweep() {
        sweep = BANK.coordinator().bean(IdempotencySweep.class);
        sweep.stop();
        store = BANK.store();
    }

    @Test
    void shouldRemoveOnlyFinalRecordsOlderThanTheRetention() {
        String oldCommitted = record("COMMITTED", OLD);
        String oldAborted = record("ABORTED", OLD);
        String young = record("COMMITTED", YOUNG);
        String oldPending = record(IdempotencyRecord.PENDING, OLD);
        double before = removedTotal();

        int removed = sweep.sweep();

        assertThat(removed).isEqualTo(2);
        assertThat(store.value(oldCommitted)).isNull();
        assertThat(store.value(oldAborted)).isNull();
        assertThat(store.value(young)).as("younger than the retention").isNotNull();
        assertThat(store.value(oldPending)).as("never a PENDING record").isNotNull();
        assertThat(removedTotal() - before).isEqualTo(2.0);
        assertThat(sweep.sweep()).as("nothing left to remove").isZero();
    }

    @Test
    void shouldLeaveARecordThatChangedBetweenListAndDelete() {
        String key = record("COMMITTED", OLD);
        String listed = store.value(key);
        store.delayNext("GET", 500); // the list is taken, then answered late
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(sweep::sweep);
        await("the sweep to list").atMost(Duration.ofSeconds(5))
                .until(() -> store.requests().stream().anyMatch(r -> r.method().equals("GET")));
        store.put(key, listed); // rewritten meanwhile: a new modRevision

        assertThat(running.join()).isZero();
        assertThat(store.value(key)).isEqualTo(listed);
        assertThat(sweep.sweep()).as("listed again, with its new modRevision").isEqualTo(1);
    }

    @Test
    void shouldFailWhileTheStoreIsUnavailableAndRemoveLater() {
        String key = record("ABORTED", OLD);
        store.available(false);

        assertThatThrownBy(sweep::sweep).isInstanceOf(ConfigException.class);

        store.available(true);
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(store.value(key)).isNull();
    }

    /** Writes a record of a new key created {@code age} ago; returns its store key. */
    private String record(String status, Duration age) {
        Instant created = Instant.now().minus(age);
        boolean done = !IdempotencyRecord.PENDING.equals(status);
        String json = "{\"transactionId\":\"" + UUID.randomUUID() + "\",\"requestHash\":\"h\","
                + "\"coordinator\":\"coordinator-test\",\"mode\":\"paxos\",\"createdAt\":\"" + created
                + "\",\"status\":\"" + status + "\""
                + (done ? ",\"completedAt\":\"" + created.plusSeconds(1) + "\"" : "") + "}";
        String key = IdempotencyRecords.key(Hashes.sha256Hex("key-" + UUID.randomUUID()));
        store.put(key, json);
        return key;
    }

    private double removedTotal() {
        return BANK.coordinator().bean(MeterRegistry.class).counter("bank.idempotency.records.removed").count();
    }
}
