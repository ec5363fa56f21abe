package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import dev.distlab.coordinator.BankMetrics;

class InFlightTest {

    private final InFlight inFlight = new InFlight(Mockito.mock(BankMetrics.class));

    @Test
    void shouldHandOnEachParticipantsAccountsEarlyAndTheRestOnceAtRelease() {
        AccountTurns turns = new AccountTurns(Duration.ofMinutes(1), (nanos, gotAll) -> { });
        assertThat(inFlight.take("tx-1", turns.take(Map.of("p1", List.of("alice"), "p2", List.of("bob"))))).isTrue();
        assertThat(inFlight.take("tx-1")).as("one owner at a time").isFalse();

        inFlight.accountsFree("tx-1", "p1");
        assertThat(turns.accounts()).as("alice handed on, bob still held").isEqualTo(1);
        assertThat(inFlight.has("tx-1")).as("still taken until phase 2 is finished").isTrue();
        inFlight.accountsFree("tx-1", "p2");
        assertThat(turns.accounts()).isZero();
        inFlight.release("tx-1");
        assertThat(inFlight.has("tx-1")).isFalse();

        inFlight.take("tx-2", turns.take(Map.of("p1", List.of("alice"), "p2", List.of("bob"))));
        inFlight.accountsFree("tx-2", "p1");
        inFlight.release("tx-2");
        inFlight.accountsFree("tx-2", "p2"); // after the release: nothing left to hand on
        assertThat(turns.accounts()).isZero();
        assertThat(inFlight.has("tx-2")).isFalse();
    }
}
