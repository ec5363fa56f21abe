package dev.distlab.verify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsParserTest {

    private final OptionsParser parser = new OptionsParser(() -> 42L);

    @Test
    void shouldFillTheDefaultsAndDrawASeedWhenNoneIsGiven() throws UsageException {
        Options options = parser.parse("--workload", "bank");

        assertThat(options.workloads()).containsExactly("bank");
        assertThat(options.nemesis()).isEqualTo("none");
        assertThat(options.timeSeconds()).isEqualTo(60);
        assertThat(options.concurrency()).isEqualTo(5);
        assertThat(options.seed()).isEqualTo(42L);
        assertThat(options.gateway()).isEqualTo("http://localhost:8080");
        assertThat(options.clusterScript()).isNull();
        assertThat(options.reportDir()).isNull();
        assertThat(options.net()).isEqualTo("auto");
    }

    @Test
    void shouldReadEveryOptionInBothSpellings() throws UsageException {
        Options options = parser.parse("--workload=register,watch", "--nemesis", "mixed", "--time", "12",
                "--concurrency=3", "--seed", "-7", "--gateway", "http://gw:9000/", "--cluster-script", "./cluster",
                "--token-file", ".cluster/token", "--report-dir", "/tmp/r", "--net", "in-process");

        assertThat(options.workloads()).containsExactly("register", "watch");
        assertThat(options.nemesis()).isEqualTo("mixed");
        assertThat(options.timeSeconds()).isEqualTo(12);
        assertThat(options.concurrency()).isEqualTo(3);
        assertThat(options.seed()).isEqualTo(-7L);
        assertThat(options.gateway()).isEqualTo("http://gw:9000");
        assertThat(options.clusterScript()).isEqualTo(Path.of("./cluster"));
        assertThat(options.tokenFile()).isEqualTo(Path.of(".cluster/token"));
        assertThat(options.reportDir()).isEqualTo(Path.of("/tmp/r"));
        assertThat(options.net()).isEqualTo("in-process");
        assertThat(options.local()).isTrue();
    }

    @Test
    void shouldExpandAllToEveryWorkload() throws UsageException {
        assertThat(parser.parse("--workload", "all").workloads())
                .isEqualTo(List.of("bank", "register", "watch", "lb", "hostile"));
    }

    @Test
    void shouldRefuseWhatItDoesNotKnow() {
        assertThatThrownBy(() -> parser.parse("--nemesis", "kill")).hasMessageContaining("--workload is required");
        assertThatThrownBy(() -> parser.parse("--workload", "bank,queue")).hasMessageContaining("queue");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--nemesis", "flood"))
                .hasMessageContaining("--nemesis must be one of");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--time", "0")).hasMessageContaining("--time");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--concurrency", "x"))
                .hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--seed", "1.5")).hasMessageContaining("--seed");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--colour", "red"))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--time")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--gateway", "localhost:8080"))
                .hasMessageContaining("--gateway");
        assertThatThrownBy(() -> parser.parse("--workload", "bank", "--workload", "lb"))
                .hasMessageContaining("twice");
    }

    @Test
    void shouldGiveTheCommandThatRepeatsTheRunWithItsSeed() throws UsageException {
        Options local = parser.parse("--workload", "bank,lb", "--nemesis", "kill", "--cluster-script", "./cluster");
        Options remote = parser.parse("--workload", "bank", "--gateway", "http://gw:9000");

        assertThat(local.rerunCommand()).isEqualTo(
                "./cluster verify --workload bank,lb --nemesis kill --time 60 --concurrency 5 --seed 42");
        assertThat(remote.rerunCommand()).startsWith("java -jar verify/target/verify-*-exec.jar --workload bank")
                .endsWith("--seed 42 --gateway http://gw:9000");
    }

    @Test
    void shouldExitTwoOnBadUsage() {
        assertThat(VerifyMain.run(new String[] {"--workload", "nothing"})).isEqualTo(2);
        assertThat(VerifyMain.run(new String[0])).isEqualTo(2);
    }
}
