package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SummaryTest {

    static WrkResult run(double rps, double p50, double p99) {
        return new WrkResult(Math.round(rps * 10), 10, rps, p50, p99, 0, 0, Map.of());
    }

    @Test
    void shouldTakeMediansOverRoundsIgnoringMissingQuantiles() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(Double.NaN, 5.0))).isEqualTo(5.0);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void shouldGiveRatioOfMedianThroughputsAndAddedMedianLatency() {
        SideSummary gateway = SideSummary.of("gateway", List.of(run(3000, 7, 20), run(4000, 6, 30), run(3500, 8, 25)));
        SideSummary nginx = SideSummary.of("nginx", List.of(run(12000, 2.5, 9), run(11000, 2.4, 8), run(9000, 3, 7)));
        SideSummary direct = SideSummary.of("direct", List.of(run(20000, 1.0, 5), run(25000, 1.4, 4),
                run(22000, 1.2, 6)));

        assertThat(gateway.requestsPerSec()).isEqualTo(3500);
        assertThat(gateway.p99Ms()).isEqualTo(25);
        assertThat(gateway.throughputRatio(nginx)).isCloseTo(3500.0 / 11000, within(1e-12));
        assertThat(gateway.addedP50Over(direct)).isCloseTo(7 - 1.2, within(1e-12));
        assertThat(nginx.addedP50Over(direct)).isCloseTo(2.5 - 1.2, within(1e-12));
        assertThat(Stats.ratio(1, 0)).isNaN();
    }

    @Test
    void shouldSumConflictsAndErrorsOverRounds() {
        WrkResult a = new WrkResult(100, 10, 10, 1, 2, 7, 1, Map.of(201, 93L, 409, 5L, 503, 2L));
        WrkResult b = new WrkResult(120, 10, 12, 1, 2, 3, 0, Map.of(201, 117L, 409, 3L));

        SideSummary s = SideSummary.of("transfers", List.of(a, b));

        assertThat(s.conflicts()).isEqualTo(8);
        assertThat(s.non2xx()).isEqualTo(10);
        assertThat(s.socketErrors()).isEqualTo(1);
        assertThat(s.okPerSec()).isCloseTo((9.3 + 11.7) / 2, within(1e-9));
    }

    @Test
    void shouldAlternateTheOrderOfSidesFromRoundToRound() {
        assertThat(Order.forRound(List.of("A", "B"), 0)).containsExactly("A", "B");
        assertThat(Order.forRound(List.of("A", "B"), 1)).containsExactly("B", "A");
        assertThat(Order.forRound(List.of("A", "B"), 2)).containsExactly("A", "B");
        assertThat(Order.forRound(List.of("A", "B", "C"), 1)).containsExactly("C", "B", "A");
    }

    @Test
    void shouldNeverAskWrkForMoreThreadsThanConnections() {
        assertThat(new WrkRun(2, 1, 5, null, "http://127.0.0.1:1/").command()).contains("-t1", "-c1");
        assertThat(new WrkRun(2, 32, 5, null, "http://127.0.0.1:1/").withConnections(512, 2).command())
                .contains("-t2", "-c512", "-d5s", "--latency");
    }
}
