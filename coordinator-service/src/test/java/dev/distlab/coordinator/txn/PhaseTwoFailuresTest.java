package dev.distlab.coordinator.txn;

import static dev.distlab.coordinator.support.Spies.failingOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.support.Api;
import dev.distlab.coordinator.support.BankFixture;
import dev.distlab.coordinator.support.FakeParticipant;
import dev.distlab.coordinator.support.Spies;
import jakarta.persistence.PersistenceException;

/**
 * Issue 8, defect 6: phase 2 caught only some exceptions, so a PersistenceException or
 * CannotCreateTransactionException from the history killed its callback: the transaction stayed taken, recovery
 * skipped it forever, and it never completed. And an exception after the commit point gave the client a 500 for a
 * transaction that was already decided. The history here is a spy that fails once at the worst moment.
 */
class PhaseTwoFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final BankFixture bank = new BankFixture(2, "platform.bank.recovery-interval=300ms").with(Spies.class);

    final Api api = bank.api();
    final FakeParticipant alices = bank.participant(1);
    final FakeParticipant bobs = bank.participant(2);
    TransactionHistory history;

    @BeforeEach
    void accounts() {
        bank.cluster().account("alice", 100, 1);
        bank.cluster().account("bob", 0, 2);
        history = bank.coordinator().bean(TransactionHistory.class);
    }

    @AfterEach
    void realBeans() {
        reset(history, bank.coordinator().bean(ParticipantClient.class));
    }

    @Test
    void shouldCompleteATransactionWhoseCompletionFailedOnce() {
        doAnswer(failingOnce(new PersistenceException("the database refused the commit (injected)")))
                .when(history).complete(anyString());

        Api.Response r = api.transfer("alice", "bob", 10);

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        verify(history, atLeast(2)).complete(txId);
    }

    @Test
    void shouldAnswerTheDecisionWhenStartingPhaseTwoFailsAndFinishItLater() {
        doAnswer(failingOnce(new CannotCreateTransactionException("no database connection (injected)")))
                .when(history).branches(anyString());

        transferIsAnsweredThenCompletedByRecovery();
    }

    @Test
    void shouldAnswerTheDecisionWhenPhaseTwoThrowsAnythingAtItsStart() {
        ParticipantClient client = bank.coordinator().bean(ParticipantClient.class);
        doAnswer(failingOnce(new IllegalStateException("a bug in phase 2 (injected)")))
                .when(client).finish(any(), anyString(), anyString(), any());

        transferIsAnsweredThenCompletedByRecovery();
    }

    private void transferIsAnsweredThenCompletedByRecovery() {
        Api.Response r = api.transfer("alice", "bob", 10);

        assertThat(r.status()).as("past the commit point the client gets the decision, not a 500: %s", r)
                .isEqualTo(201);
        String txId = r.text("transactionId");
        awaitCompleted(txId);
        assertThat(bobs.balance("bob")).isEqualTo(10);
        assertThat(alices.balance("alice")).isEqualTo(90);
    }

    private void awaitCompleted(String txId) {
        await("transaction " + txId + " to complete").atMost(WAIT)
                .until(() -> api.get("/api/transactions/" + txId).text("completedAt") != null);
    }
}
