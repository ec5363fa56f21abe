package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.distlab.verify.cli.UsageException;

class BenchOptionsParserTest {

    private final BenchOptionsParser parser = new BenchOptionsParser();

    @Test
    void shouldDefaultToThreeRoundsOfTenSecondsAfterAWarmUpLongEnoughForC2() throws UsageException {
        BenchOptions o = parser.parse("gateway", "--repo", "/r");

        assertThat(o.bench()).isEqualTo("gateway");
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.durationSeconds()).isEqualTo(10);
        assertThat(o.warmupSeconds()).isEqualTo(30);
        assertThat(o.connections()).isEqualTo(32);
        assertThat(o.scaleLevels()).containsExactly(1, 8, 32, 128, 512);
        assertThat(o.docsFile()).isEqualTo(Path.of("/r/docs/BENCHMARKS.md"));
        assertThat(o.svgDir()).isEqualTo(Path.of("/r/docs/bench"));
        assertThat(o.clusterHome()).isEqualTo(Path.of("/r/.cluster-bench"));
        assertThat(o.ports().gateway()).isEqualTo(18080);
        assertThat(o.ports().participant(1)).isEqualTo(18081);
        assertThat(o.ports().etcdClient(1)).isEqualTo(18371);
        assertThat(o.ports().etcdPeer(3)).isEqualTo(18383);
        assertThat(o.runs("gateway")).isTrue();
        assertThat(o.runs("bank")).isFalse();
        assertThat(o.jvm()).as("the figures are taken with full C2").isEqualTo("throughput");
    }

    @Test
    void shouldMakeSmokeRunsTinyButLetExplicitOptionsWin() throws UsageException {
        BenchOptions o = parser.parse("all", "--smoke", "--rounds=2", "--out", "/tmp/x/B.md");

        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.durationSeconds()).isEqualTo(1);
        assertThat(o.warmupSeconds()).isEqualTo(1);
        assertThat(o.scaleLevels()).containsExactly(1, 8, 32);
        assertThat(o.accountsPerGroup()).isEqualTo(20);
        assertThat(o.docsFile()).isEqualTo(Path.of("/tmp/x/B.md"));
        assertThat(o.svgDir()).isEqualTo(Path.of("/tmp/x/bench"));
        assertThat(o.runs("bank")).isTrue();
        assertThat(o.jvm()).as("a smoke run still measures what a user gets unless told").isEqualTo("throughput");
        assertThat(parser.parse("all", "--smoke", "--jvm", "startup").jvm()).isEqualTo("startup");
    }

    @Test
    void shouldWriteNothingWithNoDocsAndTakeOtherPorts() throws UsageException {
        BenchOptions o = parser.parse("scale", "--no-docs", "--gateway-port", "38080", "--participant-base-port",
                "38080", "--nginx-port", "38070", "--etcd-base-port", "38370", "--threads", "4", "--connections", "3");

        assertThat(o.writesDocs()).isFalse();
        assertThat(o.svgDir()).isNull();
        assertThat(o.ports().participant(2)).isEqualTo(38082);
        assertThat(o.ports().nginx()).isEqualTo(38070);
        assertThat(o.threads()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadCommandLinesSayingWhy() {
        assertThatThrownBy(() -> parser.parse()).hasMessageContaining("which bench?");
        assertThatThrownBy(() -> parser.parse("fast")).hasMessageContaining("unknown bench 'fast'");
        assertThatThrownBy(() -> parser.parse("store", "bank")).hasMessageContaining("one bench at a time");
        assertThatThrownBy(() -> parser.parse("store", "--rounds", "0")).hasMessageContaining("--rounds must be");
        assertThatThrownBy(() -> parser.parse("store", "--duration")).hasMessageContaining("--duration needs a value");
        assertThatThrownBy(() -> parser.parse("store", "--speed", "9")).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> parser.parse("store", "--levels", "8,1")).hasMessageContaining("rising");
        assertThatThrownBy(() -> parser.parse("store", "--smoke=yes")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parser.parse("store", "--rounds", "1", "--rounds", "2"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> parser.parse("store", "--gateway-port", "80")).hasMessageContaining("1024");
        assertThatThrownBy(() -> parser.parse("store", "--jvm", "fast"))
                .hasMessageContaining("--jvm must be one of throughput, startup, not 'fast'");
    }

    @Test
    void shouldExitTwoWithTheReasonOnBadUsageAndZeroOnHelp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        assertThat(BenchMain.run(new String[] {"gateway", "--rounds", "many"}, out, out)).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("bench: --rounds must be a whole number",
                "usage: ./cluster bench");
        assertThat(BenchMain.run(new String[] {"--help"}, out, out)).isZero();
    }

    @Test
    void shouldShowTheCommandWithoutTheRepositoryThatTheScriptAdds() {
        assertThat(BenchMain.withoutRepo(new String[] {"--repo", "/r", "gateway", "--repo=/x", "--smoke"}))
                .containsExactly("gateway", "--smoke");
    }
}
