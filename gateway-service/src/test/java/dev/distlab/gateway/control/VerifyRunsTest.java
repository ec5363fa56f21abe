package dev.distlab.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a stand-in for ./cluster that behaves like `./cluster verify` (arguments, exit codes, report). */
class VerifyRunsTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunVerifyWithTheChosenOptionsAndServeItsReport() throws Exception {
        VerifyRuns runs = runs("""
                echo "args: $*"
                while [ $# -gt 0 ]; do [ "$1" = --report-dir ] && out="$2"; shift; done
                echo '<html>report</html>' > "$out/index.html"
                echo 'result: valid'
                """);

        VerifyRuns.RunView started = runs.start("bank", "partition", 7).orElseThrow();
        VerifyRuns.RunView done = awaitEnd(runs, started.id());

        assertThat(done.state()).isEqualTo("valid");
        assertThat(done.console()).first().asString()
                .startsWith("args: verify --workload bank --nemesis partition --time 7 --report-dir " + dir);
        assertThat(done.console()).last().isEqualTo("result: valid");
        assertThat(runs.reportFile(started.id(), "index.html")).isPresent();
        assertThat(runs.reportFile(started.id(), "../console.txt")).isEmpty();
        assertThat(runs.reportFile(started.id(), ".hidden")).isEmpty();
        assertThat(runs.reportFile("no-such-run", "index.html")).isEmpty();
    }

    @Test
    void shouldTellAnAnomalyFromARunThatCouldNotRunAndRunOneAtATime() throws Exception {
        VerifyRuns anomaly = runs("sleep 1; exit 1");
        VerifyRuns.RunView first = anomaly.start("bank", "none", 5).orElseThrow();
        assertThat(anomaly.start("bank", "none", 5)).isEmpty();
        assertThat(awaitEnd(anomaly, first.id()).state()).isEqualTo("anomaly");

        VerifyRuns broken = runs("exit 2");
        assertThat(awaitEnd(broken, broken.start("bank", "none", 5).orElseThrow().id()).state()).isEqualTo("error");
    }

    @Test
    void shouldKeepOnlyTheNewestRunsAndTheirReports() throws Exception {
        VerifyRuns runs = runs("true");
        String oldest = null;
        for (int i = 0; i <= VerifyRuns.KEPT; i++) {
            String id = runs.start("bank", "none", 5).orElseThrow().id();
            oldest = oldest == null ? id : oldest;
            awaitEnd(runs, id);
        }

        assertThat(runs.all()).hasSize(VerifyRuns.KEPT);
        assertThat(runs.find(oldest, 0)).isEmpty();
        try (var reports = Files.list(dir.resolve("home/reports"))) {
            assertThat(reports.count()).isEqualTo(VerifyRuns.KEPT);
        }
    }

    private VerifyRuns runs(String body) throws IOException {
        Path script = StandInScript.write(dir.resolve("cluster-" + System.nanoTime()), body);
        return new VerifyRuns(new ClusterScript(script, dir.resolve("home"), Duration.ofSeconds(30)),
                Clock.systemUTC());
    }

    private static VerifyRuns.RunView awaitEnd(VerifyRuns runs, String id) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            VerifyRuns.RunView view = runs.find(id, 10).orElseThrow();
            if (!view.state().equals("running")) {
                return view;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " did not end within 10 s");
    }
}
