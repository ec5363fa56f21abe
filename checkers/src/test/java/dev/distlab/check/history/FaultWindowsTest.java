package dev.distlab.check.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Fault windows run from the operation that starts a fault to the one that ends it. */
class FaultWindowsTest {

    @Test
    void shouldOpenAtTheFaultAndCloseAtTheHeal() {
        History history = new HistoryBuilder().at(100).nemesis("kill", List.of("participant-1"))
                .at(200).nemesis("partition", List.of("participant-2"))
                .at(300).nemesis("heal", List.of())
                .at(400).nemesis("pause", List.of("participant-3")).build();

        List<FaultWindow> windows = FaultWindows.of(history);

        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).kinds()).containsExactly("kill", "partition");
        assertThat(windows.get(0).targets()).containsExactlyInAnyOrder("participant-1", "participant-2");
        assertThat(windows.get(0).start()).isEqualTo(100_000_000L);
        assertThat(windows.get(0).end()).isEqualTo(301_000_000L);
        assertThat(windows.get(0).ops()).hasSize(6);
        assertThat(windows.get(1).closed()).isFalse();
        assertThat(FaultWindows.inAny(windows, 250_000_000L)).isTrue();
        assertThat(FaultWindows.inAny(windows, 350_000_000L)).isFalse();
    }
}
