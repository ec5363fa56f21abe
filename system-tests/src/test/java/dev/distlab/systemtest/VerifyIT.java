package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./cluster verify} as a user runs it: every workload under the mixed nemesis finds nothing wrong with
 * the platform as built, and a bug planted with an unsafe switch is caught, end to end, with its report.
 */
class VerifyIT extends ClusterTest {

    @Test
    void shouldFindEveryWorkloadValidUnderMixedFaults() throws IOException {
        Path report = cluster.home().resolve("reports/it-all-mixed");
        LocalCluster.Result run = cluster.runForExit(Map.of(), 600, "verify", "--workload", "all", "--nemesis",
                "mixed", "--time", "30", "--concurrency", "3", "--seed", "11", "--report-dir", report.toString());

        JsonNode results = Http.JSON.readTree(Files.readString(report.resolve("results.json")));
        assertThat(results.path("valid").asBoolean()).as("results.json: %s", results).isTrue();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(results.path("nemesis").asString()).isEqualTo("mixed");
        assertThat(results.path("seed").asLong()).isEqualTo(11);
        for (String checker : List.of("bank", "register", "watch", "lb", "hostile")) {
            assertThat(results.path("checkers").path(checker).path("valid").asBoolean()).as(checker).isTrue();
        }
        History history = JsonLines.read(report.resolve("history.jsonl"));
        Set<String> functions = history.ops().stream().filter(op -> !op.isNemesis()).map(Op::f)
                .collect(Collectors.toSet());
        assertThat(functions).contains("transfer", "final-read", "cas", "write", "watch", "request", "hostile");
        assertThat(history.nemesis()).as("the nemesis acted").isNotEmpty();
        assertThat(Files.readString(report.resolve("index.html"))).contains("VALID", "<svg", "--seed 11");
    }

    @Test
    void shouldCatchThePlantedRoundRobinBug() throws IOException {
        Path unsafe = cluster.home().resolve("unsafe");
        Path report = cluster.home().resolve("reports/it-unsafe-round-robin");
        // only the gateway needs the switch: restart it alone with it rather than the whole cluster
        Files.writeString(unsafe, "round-robin-off-by-one\n");
        try {
            cluster.run(180, "restart", "gateway");
            LocalCluster.Result run = cluster.runForExit(Map.of(), 300, "verify", "--unsafe",
                    "round-robin-off-by-one", "--workload", "lb", "--nemesis", "none", "--time", "12", "--seed", "5",
                    "--report-dir", report.toString());

            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            JsonNode results = Http.JSON.readTree(Files.readString(report.resolve("results.json")));
            assertThat(results.path("valid").asBoolean()).isFalse();
            assertThat(results.path("unsafe").toString()).contains("round-robin-off-by-one");
            JsonNode anomalies = results.path("checkers").path("lb").path("anomalies");
            assertThat(anomalies.toString()).contains("skewed-shares", "round-robin");
            assertThat(Files.readString(report.resolve("index.html"))).contains("INVALID", "skewed-shares");
        } finally {
            Files.deleteIfExists(unsafe);
            cluster.run(180, "restart", "gateway");
        }
    }
}
