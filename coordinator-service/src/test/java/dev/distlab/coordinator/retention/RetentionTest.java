package dev.distlab.coordinator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.FakeParticipant;

/**
 * The decision and history collectors, called directly (the background sweep is stopped), with a 1 s decision
 * retention and a 2 s history retention: each keeps what a transaction still needs and removes the rest.
 */
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2, "platform.bank.decision-retention=1s",
            "platform.bank.history-retention=2s");

    final Api api = bank.api();
    final FakeParticipant bobs = bank.participant(2);
    DecisionRetention decisions;
    HistoryRetention history;

    @BeforeEach
    void setUp() {
        bank.coordinator().bean(RetentionSweep.class).stop();
        decisions = bank.coordinator().bean(DecisionRetention.class);
        history = bank.coordinator().bean(HistoryRetention.class);
        bank.cluster().account("alice", 100, 1);
        bank.cluster().account("bob", 0, 2);
    }

    @Test
    void shouldForgetADecisionAndThenTheTransactionOnlyAfterTheirRetention() {
        String txId = completedTransfer();

        assertThat(decisions.forgetExpired()).as("completed just now").isZero();
        assertThat(bank.store().value(decision(txId))).isEqualTo("COMMIT");

        await("the decision retention to pass").atMost(WAIT).until(() -> decisions.forgetExpired() == 1);
        assertThat(bank.store().value(decision(txId))).isNull();
        assertThat(api.get("/api/transactions/" + txId).status()).as("the history keeps it longer").isEqualTo(200);

        await("the history retention to pass").atMost(WAIT).until(() -> history.removeExpired() == 1);
        assertThat(api.get("/api/transactions/" + txId).status()).isEqualTo(404);
        assertThat(history.removeExpired()).isZero();
    }

    @Test
    void shouldKeepTheDecisionAndTheHistoryOfATransactionThatIsNotCompleted() throws InterruptedException {
        bobs.failPhaseTwo(Integer.MAX_VALUE);
        Api.Response r = api.transfer("alice", "bob", 5);
        assertThat(r.status()).isEqualTo(201);
        String txId = r.text("transactionId");

        Thread.sleep(2500); // past both retentions
        assertThat(decisions.forgetExpired()).isZero();
        assertThat(history.removeExpired()).isZero();

        assertThat(bank.store().value(decision(txId))).as("phase 2 still needs it").isEqualTo("COMMIT");
        assertThat(api.get("/api/transactions/" + txId).text("status")).isEqualTo("COMMITTED");
        bobs.failPhaseTwo(0);
        await("phase 2 to finish").atMost(WAIT)
                .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
    }

    @Test
    void shouldRefuseAHistoryRetentionShorterThanTheDecisionRetention() {
        var settings = new MapConfigurationPropertySource(Map.of("platform.bank.decision-retention", "10m",
                "platform.bank.history-retention", "5m"));

        assertThatThrownBy(() -> new Binder(settings).bindOrCreate("platform.bank", BankProperties.class))
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history-retention");
    }

    private String completedTransfer() {
        Api.Response r = api.transfer("alice", "bob", 5);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        await("transaction " + txId + " to complete").atMost(WAIT)
                .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
        return txId;
    }

    private static String decision(String txId) {
        return "tx/" + txId + "/decision";
    }
}
