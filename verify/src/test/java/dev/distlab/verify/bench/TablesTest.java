package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void shouldRenderMarkdownWithEscapedPipes() {
        String table = new MarkdownTable("a", "b").row("1", "x|y").render();

        assertThat(table).isEqualTo("| a | b |\n| --- | --- |\n| 1 | x\\|y |\n");
        assertThatThrownBy(() -> new MarkdownTable("a", "b").row("1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteSmallRatiosWithoutRoundingThemToZero() {
        assertThat(Fmt.ratio(0.0031)).isEqualTo("0.003×");
        assertThat(Fmt.ratio(0.834)).isEqualTo("0.83×");
        assertThat(Fmt.ratio(Double.NaN)).isEqualTo("–");
        assertThat(Fmt.addedMs(0.42)).isEqualTo("+0.42 ms");
        assertThat(Fmt.addedMs(-1.5)).isEqualTo("-1.50 ms");
    }

    @Test
    void shouldPutGatewayRatioAndAddedP50InTheGatewayTable() {
        Map<String, List<WrkResult>> results = loadedGatewayRun();

        String table = GatewayBench.table(results, 32);

        assertThat(table).contains("| gateway | 3,000 | 7.50 ms | 20.0 ms | +6.25 ms | 0.25× |")
                .contains("| nginx | 12,000 | 2.50 ms | 9.00 ms | +1.25 ms | 1.00× |")
                .contains("gateway / nginx: **0.25×**");
    }

    @Test
    void shouldAddTheOneConnectionMediansWhenTheyWereMeasured() {
        Map<String, List<WrkResult>> results = loadedGatewayRun();
        results.put("gateway" + GatewayBench.ONE, List.of(SummaryTest.run(2500, 0.40, 1.1), SummaryTest.run(2400, 0.42, 1.2),
                SummaryTest.run(2600, 0.38, 1.0)));
        results.put("nginx" + GatewayBench.ONE, List.of(SummaryTest.run(3000, 0.33, 0.9)));
        results.put("straight to participant-1" + GatewayBench.ONE, List.of(SummaryTest.run(5000, 0.20, 0.5)));

        String table = GatewayBench.table(results, 32);

        assertThat(table).contains("| GET /api/node, 1 connection | requests/s | p50 | p99 | added p50 over direct |")
                .contains("| gateway, 1 connection | 2,500 | 0.40 ms | 1.10 ms | +0.20 ms |")
                .contains("| nginx, 1 connection | 3,000 | 0.33 ms | 0.90 ms | +0.13 ms |")
                .contains("over a direct call at 32 connections (target ≤ 1 ms)")
                .contains("on one connection the gateway adds **+0.20 ms**, nginx +0.13 ms");
    }

    @Test
    void shouldPutTheStoreRatioAndTheCheckInTheBankTable() {
        Map<String, List<WrkResult>> results = new LinkedHashMap<>();
        results.put(BankBench.TRANSFERS, List.of(new WrkResult(1100, 10, 110, 250, 500, 100, 0,
                Map.of(201, 1000L, 409, 90L, 503, 10L))));
        results.put(BankBench.DEPOSITS, List.of(new WrkResult(1500, 10, 150, 190, 350, 0, 0, Map.of(201, 1500L))));
        results.put(BankBench.STORE, List.of(new WrkResult(50000, 10, 5000, 5, 30, 0, 0, Map.of())));

        String clean = BankBench.table(results, 32, null);
        String dirty = BankBench.table(results, 32, "2 HEURISTIC transaction(s)");

        assertThat(clean).contains("| transfers, two participants | 110 | 100 | 90 | 10 | 0 | 250 ms | 500 ms |")
                .contains("store writes/s: **0.020×**").contains("bank check: clean");
        assertThat(dirty).contains("bank check: **NOT clean**: 2 HEURISTIC transaction(s)");
    }

    @Test
    void shouldListEveryLevelInTheScaleTable() {
        Map<String, List<ScalePlot.Point>> curves = new LinkedHashMap<>();
        curves.put("store", List.of(new ScalePlot.Point(1, 500, 3), new ScalePlot.Point(8, 3000, 9)));
        curves.put("etcd", List.of(new ScalePlot.Point(1, 400, 4), new ScalePlot.Point(8, 2000, 12)));

        assertThat(ScaleBench.table(curves)).contains("| 1 | 500 | 3.00 ms | 400 | 4.00 ms | 1.25× |")
                .contains("| 8 | 3,000 | 9.00 ms | 2,000 | 12.0 ms | 1.50× |");
    }

    @Test
    void shouldShowFootprintTotalsAgainstTheTargets() {
        Map<String, Long> start = new LinkedHashMap<>();
        start.put("gateway", 200L << 20);
        start.put("participant-1", 300L << 20);
        Map<String, Long> after = Map.of("gateway", 250L << 20, "participant-1", 1400L << 20);
        Map<String, Long> idle = Map.of("gateway", 240L << 20, "participant-1", 1000L << 20);

        String table = Footprint.table(12.4, null, start, after, idle);

        assertThat(table).contains("| right after start | 12.4 s | 200 MiB | 300 MiB | 500 MiB |")
                .contains("| after the other benches |  | 250 MiB | 1,400 MiB | 1,650 MiB |")
                .contains("| 65 s later, no load |  | 240 MiB | 1,000 MiB | 1,240 MiB |")
                .contains("start 12.4 s (within the 30 s target); largest total RSS 1,650 MiB (**over** the 1,536 MiB "
                        + "target)").doesNotContain("default profile");
    }

    @Test
    void shouldShowTheStartWithClusterUpsDefaultProfileBesideTheBenchs() {
        Map<String, Long> start = Map.of("gateway", 200L << 20);

        String table = Footprint.table(31.5, 22.0, start, null, null);

        assertThat(table).contains("| right after start | 31.5 s | 200 MiB | 200 MiB |")
                .contains("start 31.5 s (**over** the 30 s target); with `./cluster up`'s default profile (startup) "
                        + "22.0 s (within the 30 s target); largest total RSS 200 MiB (within");
    }

    /** The three sides at 32 connections: the gateway at a quarter of nginx, adding 6.25 ms at the median. */
    private static Map<String, List<WrkResult>> loadedGatewayRun() {
        Map<String, List<WrkResult>> results = new LinkedHashMap<>();
        results.put("gateway", List.of(SummaryTest.run(3000, 7.5, 20)));
        results.put("nginx", List.of(SummaryTest.run(12000, 2.5, 9)));
        results.put("straight to participant-1", List.of(SummaryTest.run(24000, 1.25, 5)));
        return results;
    }
}
