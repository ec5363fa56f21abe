package dev.distlab.coordinator.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.fake.FakeConfigStore;
import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.retention.RetentionSweep;
import dev.distlab.coordinator.support.BankFixture;
import io.micrometer.core.instrument.MeterRegistry;

/** The retention sweep of idempotency records, called directly (the background one is stopped). */
class IdempotencySweepTest {

    @RegisterExtension
    static final BankFixture BANK = new BankFixture(1, "platform.bank.idempotency-retention=1h",
            "platform.bank.idempotency-max-records=3");

    private static final Duration OLD = Duration.ofHours(2);
    private static final Duration YOUNG = Duration.ofMinutes(5);

    IdempotencySweep sweep;
    FakeConfigStore store;

    @BeforeEach
    void stopTheBackgroundSweep() {
        BANK.coordinator().bean(RetentionSweep.class).stop();
        sweep = BANK.coordinator().bean(IdempotencySweep.class);
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
        assertThat(store.value(oldPending)).as("a PENDING record is settled, never deleted")
                .contains("\"status\":\"ABORTED\"");
        assertThat(removedTotal() - before).isEqualTo(2.0);
        assertThat(sweep.sweep()).as("the settled record, final now").isEqualTo(1);
        assertThat(sweep.sweep()).as("nothing left to remove").isZero();
    }

    @Test
    void shouldSettleAnOldPendingRecordWithTheDecisionItsTransactionGot() {
        String committed = record(IdempotencyRecord.PENDING, OLD);
        String txId = txIdOf(committed);
        store.put("tx/" + txId + "/decision", "COMMIT");
        String undecided = record(IdempotencyRecord.PENDING, OLD);

        sweep.sweep();

        assertThat(store.value(committed)).contains("\"status\":\"COMMITTED\"");
        assertThat(store.value(undecided)).contains("\"status\":\"ABORTED\"").contains("\"reason\":\"TIMEOUT\"");
        assertThat(store.value("tx/" + txIdOf(undecided) + "/decision")).as("decided ABORT, create-only")
                .isEqualTo("ABORT");
        assertThat(sweep.sweep()).as("final now, and removed as such").isEqualTo(2);
    }

    @Test
    void shouldKeepAtMostTheCapOfFinalRecordsRemovingTheOldestFirst() {
        String oldest = record("COMMITTED", Duration.ofMinutes(50));
        String older = record("ABORTED", Duration.ofMinutes(40));
        String kept1 = record("COMMITTED", Duration.ofMinutes(30));
        String kept2 = record("COMMITTED", Duration.ofMinutes(20));
        String kept3 = record("ABORTED", Duration.ofMinutes(10));
        String pending = record(IdempotencyRecord.PENDING, Duration.ofMinutes(1));

        assertThat(sweep.sweep()).isEqualTo(2);

        assertThat(store.value(oldest)).isNull();
        assertThat(store.value(older)).isNull();
        assertThat(List.of(kept1, kept2, kept3, pending)).allSatisfy(k -> assertThat(store.value(k)).isNotNull());
    }

    @Test
    void shouldWriteCompactFinalRecords() {
        BANK.cluster().account("alice", 100, 1);
        BANK.cluster().account("bob", 0, 1);
        String key = "compact-" + UUID.randomUUID();
        assertThat(BANK.api().transfer("alice", "bob", 1, key).status()).isEqualTo(201);
        String storeKey = IdempotencyRecords.key(Hashes.sha256Hex(key));

        await("the record to turn final").atMost(Duration.ofSeconds(10))
                .until(() -> String.valueOf(store.value(storeKey)).contains("COMMITTED"));

        assertThat(store.value(storeKey)).doesNotContain("coordinatorUrl").doesNotContain("completedAt")
                .doesNotContain("null").doesNotContain("final").hasSizeLessThan(256);
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

    private String txIdOf(String storeKey) {
        String value = store.value(storeKey);
        int at = value.indexOf("\"transactionId\":\"") + "\"transactionId\":\"".length();
        return value.substring(at, value.indexOf('"', at));
    }

    private double removedTotal() {
        return BANK.coordinator().bean(MeterRegistry.class).counter("bank.idempotency.records.removed").count();
    }
}
