package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Debian's Prometheus against the test cluster with the shipped scrape configuration
 * (monitoring/prometheus/cluster.yml, its targets moved to the test cluster's ports, scraped every second): every
 * instance is up, the bank's and Paxos' series are there, and the alerting rules load and stay quiet on a
 * healthy cluster. Skipped without the prometheus binary.
 */
@EnabledIf(value = "prometheusInstalled", disabledReason = "needs prometheus (Debian package prometheus)")
class PrometheusIT extends ClusterTest {

    private static final int PORT = 29090;
    private static final String API = "http://127.0.0.1:" + PORT + "/api/v1/";
    private static Process prometheus;

    @TempDir
    static Path dir;

    static boolean prometheusInstalled() {
        for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!path.isEmpty() && Files.isExecutable(Path.of(path, "prometheus"))) {
                return true;
            }
        }
        return false;
    }

    @BeforeAll
    static void startPrometheus() throws IOException {
        Path shipped = cluster.repo().resolve("monitoring/prometheus");
        String config = Files.readString(shipped.resolve("cluster.yml"))
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("'127.0.0.1:8080'", "'127.0.0.1:" + LocalCluster.GATEWAY_PORT + "'")
                .replace("'127.0.0.1:8081', '127.0.0.1:8082', '127.0.0.1:8083'", participantTargets())
                .replace("'127.0.0.1:8091'", coordinatorTargets());
        Files.writeString(dir.resolve("cluster.yml"), config);
        Files.copy(shipped.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("cluster.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + PORT)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void shouldScrapeEveryInstanceAndFindTheBankAndPaxosSeries() throws IOException {
        int instances = LocalCluster.PARTICIPANTS + LocalCluster.COORDINATORS + 1;
        awaitQuery("sum(up)", instances);
        assertThat(vector("up == 0")).as("targets down").isEmpty();

        assertThat(scalar("sum(paxos_is_leader{job=\"participants\"})")).as("one leader").isEqualTo(1);
        assertThat(vector("paxos_commit_index{job=\"participants\"}")).hasSize(LocalCluster.PARTICIPANTS);
        assertThat(vector("bank_branches_prepared{job=\"participants\"}")).hasSize(LocalCluster.PARTICIPANTS);
        assertThat(vector("bank_branches_indoubt{job=\"participants\"}")).hasSize(LocalCluster.PARTICIPANTS);
        assertThat(vector("bank_transactions_inflight{job=\"coordinators\"}")).hasSize(LocalCluster.COORDINATORS);
        assertThat(vector("gateway_upstream_healthy{job=\"gateway\"} == 1")).as("every instance in the rotation")
                .hasSize(LocalCluster.PARTICIPANTS + LocalCluster.COORDINATORS);
    }

    @Test
    void shouldLoadTheAlertingRulesAndRaiseNoneOnAHealthyCluster() throws IOException {
        awaitQuery("count(up == 1)", LocalCluster.PARTICIPANTS + LocalCluster.COORDINATORS + 1);
        JsonNode groups = get("rules").path("data").path("groups");
        List<String> rules = new ArrayList<>();
        groups.forEach(group -> group.path("rules").forEach(rule -> {
            rules.add(rule.path("name").asString());
            assertThat(rule.path("health").asString()).as(rule.path("name").asString() + ": "
                    + rule.path("lastError").asString()).isIn("ok", "unknown");
        }));
        assertThat(rules).contains("ConfigStoreNoLeader", "ConfigStoreNoMajority", "BankBranchesInDoubt",
                "BankHeuristicOutcome", "GatewayInstanceEjected", "InstanceDown");
        assertThat(vector("ALERTS{alertstate=\"firing\"}")).as("alerts firing on a healthy cluster").isEmpty();
    }

    /**
     * Every metric of monitoring/metrics.txt (which the Grafana dashboard and the alerting rules may use, as
     * GrafanaDashboardTest checks) is exported by the running cluster once a transfer ran, except those listed as
     * appearing only after a rare event.
     */
    @Test
    void shouldExportEveryListedMetricAfterATransfer() throws IOException {
        Bank bank = new Bank(cluster);
        List<String> accounts = new ArrayList<>(bank.accountPerParticipant("metrics-" + System.nanoTime(), 100, 2)
                .values());
        assertThat(bank.transfer(cluster.gatewayUrl(), accounts.get(0), accounts.get(1), 1, null).status())
                .isEqualTo("COMMITTED");
        List<String> expected = new ArrayList<>();
        for (String line : Files.readString(cluster.repo().resolve("monitoring/metrics.txt")).lines().toList()) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty() && !line.contains("# after:")) {
                expected.add(name);
            }
        }
        assertThat(expected).hasSizeGreaterThan(10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> missing;
        do {
            List<String> names = new ArrayList<>();
            get("label/__name__/values").path("data").forEach(name -> names.add(name.asString()));
            missing = expected.stream().filter(name -> !names.contains(name)).toList();
            if (!missing.isEmpty()) {
                Balancers.sleep(500);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        assertThat(missing).as("metrics of monitoring/metrics.txt that the cluster does not export").isEmpty();
    }

    private static String participantTargets() {
        List<String> targets = new ArrayList<>();
        for (int i = 1; i <= LocalCluster.PARTICIPANTS; i++) {
            targets.add("'127.0.0.1:" + (LocalCluster.PARTICIPANT_BASE_PORT + i) + "'");
        }
        return String.join(", ", targets);
    }

    private static String coordinatorTargets() {
        List<String> targets = new ArrayList<>();
        for (int i = 1; i <= LocalCluster.COORDINATORS; i++) {
            targets.add("'127.0.0.1:" + (LocalCluster.COORDINATOR_BASE_PORT + i) + "'");
        }
        return String.join(", ", targets);
    }

    /** Waits (at most 60 s) until the query's single value is at least {@code atLeast}. */
    private static void awaitQuery(String query, double atLeast) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode result = get("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                        .path("data").path("result");
                last = result.size() == 1 ? Double.parseDouble(result.get(0).path("value").get(1).asString())
                        : Double.NaN;
                if (last >= atLeast) {
                    return;
                }
            } catch (RuntimeException e) {
                // Prometheus is still starting
            }
            Balancers.sleep(500);
        }
        throw new AssertionError(query + " stayed at " + last + ", below " + atLeast + "; Prometheus' log: "
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private static double scalar(String query) {
        JsonNode result = vector(query);
        assertThat(result).as(query).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asString());
    }

    private static JsonNode vector(String query) {
        JsonNode answer = get("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asString()).as(query + ": " + answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) {
        return Http.json(Http.get(API + path));
    }
}
