package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void shouldNotCallASideWarmBeforeThreeChunks() {
        assertThat(WarmUp.settled(List.of())).isFalse();
        assertThat(WarmUp.settled(List.of(5_000.0))).isFalse();
        assertThat(WarmUp.settled(List.of(5_000.0, 5_000.0))).isFalse();
    }

    @Test
    void shouldKeepWarmingWhileThroughputClimbsMoreThanTenPercent() {
        // the bank's path under C2, 10 s chunks: 62, 64, 98, 148, 175, 167, 170 transfers/s
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0))).isFalse();
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0, 148.0))).isFalse();
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0, 148.0, 175.0))).isFalse();
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0, 148.0, 175.0, 167.0))).isFalse();
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0, 148.0, 175.0, 167.0, 170.0))).isTrue();
    }

    @Test
    void shouldNotBeFooledByOneChunkBelowTheOneBefore() {
        // seen in a run: called warm after 114 -> 96, then measured 132, 186, 191
        assertThat(WarmUp.settled(List.of(80.0, 96.0, 114.0, 96.0))).isFalse();
    }

    @Test
    void shouldTellALongerRunOfAWarmedSideFromAnotherLoad() {
        // the bank's smoke runs its store writes for 3 s where the store bench ran them for 1 s: warmed already
        WrkRun store = new WrkRun(2, 32, 1, Path.of("/tmp/scripts/store-put.lua"), "http://127.0.0.1:18082");

        assertThat(store.withSeconds(3).load()).isEqualTo(store.load())
                .isEqualTo("wrk -t2 -c32 --timeout 10s --latency -s store-put.lua http://127.0.0.1:18082");
        assertThat(store.withConnections(8, 2).load()).isNotEqualTo(store.load());
        assertThat(new WrkRun(2, 32, 1, null, "http://127.0.0.1:18083").load()).isNotEqualTo(store.load());
    }

    @Test
    void shouldCallAFallOrAFlatLineWarm() {
        assertThat(WarmUp.settled(List.of(10_000.0, 10_900.0, 10_500.0))).isTrue();
        assertThat(WarmUp.settled(List.of(10_000.0, 9_000.0, 9_500.0))).isTrue();
    }

    @Test
    void shouldKeepWarmingWhileTheJitStillCompilesThoughTheThroughputIsFlat() {
        List<Double> flat = List.of(190.0, 198.0, 203.0, 207.0, 212.0);

        assertThat(WarmUp.settled(flat)).isTrue();
        assertThat(WarmUp.settled(flat, OptionalDouble.of(2.4), 10)).isFalse();
        assertThat(WarmUp.settled(flat, OptionalDouble.of(0.5), 10)).as("0.5 s in 10 s is not under 5 %").isFalse();
    }

    @Test
    void shouldCallAFlatSideWithAQuietJitWarm() {
        List<Double> flat = List.of(230.0, 240.0, 236.0, 241.0);

        assertThat(WarmUp.settled(flat, OptionalDouble.of(0.3), 10)).isTrue();
        assertThat(WarmUp.settled(flat, OptionalDouble.of(0.0), 10)).isTrue();
        assertThat(WarmUp.settled(List.of(2_000.0, 2_000.0, 2_000.0), OptionalDouble.of(0.2), 5))
                .as("a 5 s chunk allows 0.25 s").isTrue();
    }

    @Test
    void shouldNotCallAQuietJitWarmWhileTheThroughputClimbs() {
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0, 148.0), OptionalDouble.of(0.0), 10)).isFalse();
    }

    @Test
    void shouldDecideByTheThroughputAloneWithoutACompilerFigure() {
        // a side that is not the platform (etcd, nginx), or a machine without /proc
        assertThat(WarmUp.settled(List.of(10_000.0, 10_900.0, 10_500.0), OptionalDouble.empty(), 10)).isTrue();
        assertThat(WarmUp.settled(List.of(62.0, 64.0, 98.0), OptionalDouble.empty(), 10)).isFalse();
    }
}
