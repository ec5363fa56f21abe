package dev.distlab.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterScriptTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunTheScriptWithTheActionAndTheNameAsArgumentsAndTheClustersHome() throws Exception {
        ClusterScript script = ClusterScript.of(script("echo \"$1|$2|$CLUSTER_HOME\"").toString(),
                dir.resolve("home").toString(), Duration.ofSeconds(20));

        ClusterScript.Outcome outcome = script.run("kill", "participant-1; rm -rf /").orElseThrow();

        assertThat(outcome.exitCode()).isZero();
        // one argument, never a shell line
        assertThat(outcome.output().strip()).isEqualTo("kill|participant-1; rm -rf /|" + dir.resolve("home"));
    }

    @Test
    void shouldReportTheExitCodeOfAFailedAction() throws Exception {
        ClusterScript script = ClusterScript.of(script("echo 'cluster: no such instance' >&2; exit 3").toString(),
                dir.toString(), Duration.ofSeconds(20));

        ClusterScript.Outcome outcome = script.run("pause", "participant-9").orElseThrow();

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.output()).contains("no such instance");
    }

    @Test
    void shouldStopWaitingAtTheTimeout() throws Exception {
        ClusterScript script = ClusterScript.of(script("sleep 30").toString(), dir.toString(), Duration.ofSeconds(1));

        ClusterScript.Outcome outcome = script.run("restart", "participant-1").orElseThrow();

        assertThat(outcome.exitCode()).isEqualTo(-1);
        assertThat(outcome.output()).contains("did not finish within 1 s");
    }

    @Test
    void shouldBeAbsentWithoutAnExecutableScriptOrAHome() throws IOException {
        assertThat(ClusterScript.of("", dir.toString(), Duration.ofSeconds(1))).isNull();
        assertThat(ClusterScript.of(dir.resolve("missing").toString(), dir.toString(), Duration.ofSeconds(1))).isNull();
        assertThat(ClusterScript.of(script("true").toString(), "", Duration.ofSeconds(1))).isNull();
    }

    private Path script(String body) throws IOException {
        return StandInScript.write(dir.resolve("cluster"), body);
    }
}
