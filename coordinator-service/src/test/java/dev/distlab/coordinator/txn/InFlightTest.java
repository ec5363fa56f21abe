package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import dev.distlab.coordinator.BankMetrics;

class InFlightTest {

    private final InFlight inFlight = new InFlight(Mockito.mock(BankMetrics.class));

    @Test
    void shouldFreeTheAccountsOnceWhetherEarlyOrAtRelease() {
        AtomicInteger freed = new AtomicInteger();
        assertThat(inFlight.take("tx-1", freed::incrementAndGet)).isTrue();
        assertThat(inFlight.take("tx-1")).as("one owner at a time").isFalse();

        inFlight.accountsFree("tx-1");
        assertThat(freed).hasValue(1);
        assertThat(inFlight.has("tx-1")).as("still taken until phase 2 is finished").isTrue();
        inFlight.release("tx-1");
        assertThat(freed).as("not handed on twice").hasValue(1);
        assertThat(inFlight.has("tx-1")).isFalse();

        inFlight.take("tx-2", freed::incrementAndGet);
        inFlight.release("tx-2");
        inFlight.accountsFree("tx-2");
        assertThat(freed).hasValue(2);
    }
}
