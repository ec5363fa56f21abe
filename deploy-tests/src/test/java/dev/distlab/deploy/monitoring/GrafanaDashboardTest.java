package dev.distlab.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.deploy.Repo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard as files: valid JSON, every panel's PromQL parses (promtool checks them as recording rules
 * of a temporary rule file), and every metric it or the alerting rules use is in monitoring/metrics.txt, the list
 * that PrometheusIT checks against a running cluster. Where the provisioning points is ComposeFileTest's (the
 * mounts are compose's). Each check is also shown catching a broken copy.
 */
@EnabledIf(value = "promtoolInstalled", disabledReason = "needs promtool (Debian package prometheus)")
class GrafanaDashboardTest {

    private static final Path ROOT = Repo.root();
    private static final Path DASHBOARDS = ROOT.resolve("monitoring/grafana/dashboards");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    /** Grafana's variables in a range, which Prometheus does not know. */
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$__(rate_interval|interval|range)");

    static boolean promtoolInstalled() {
        return Promtool.installed("promtool");
    }

    @Test
    void everyDashboardHasPanelsWhoseQueriesParse(@TempDir Path dir) {
        List<Path> dashboards = dashboards(DASHBOARDS);
        assertThat(dashboards).isNotEmpty();
        for (Path dashboard : dashboards) {
            Map<String, String> queries = queries(dashboard);
            assertThat(queries).as("%s has queries", dashboard.getFileName()).isNotEmpty();
            Promtool.Result result = checkQueries(dir, queries);
            assertThat(result.exitCode()).as(dashboard.getFileName() + ": " + result.output()).isZero();
        }
    }

    @Test
    void everyMetricUsedIsOneTheServicesExport() {
        Map<String, String> listed = listedMetrics();
        for (Path dashboard : dashboards(DASHBOARDS)) {
            assertThat(unlisted(queries(dashboard).values(), listed)).as("metrics of %s not in monitoring/metrics.txt",
                    dashboard.getFileName()).isEmpty();
        }
        List<String> alerts = new ArrayList<>();
        Matcher expr = Pattern.compile("(?m)^\\s*expr:\\s*(>-\\s*\\n((?:\\s{10,}.*\\n?)+)|(.+))")
                .matcher(Repo.readString(ROOT.resolve("monitoring/prometheus/alerts.yml")));
        while (expr.find()) {
            alerts.add(expr.group(2) != null ? expr.group(2) : expr.group(3));
        }
        assertThat(alerts).hasSizeGreaterThan(3);
        assertThat(unlisted(alerts, listed)).as("metrics of alerts.yml not in monitoring/metrics.txt").isEmpty();
    }

    /** A metric that only appears after a rare event (PrometheusIT cannot see it) is at least a meter in the code. */
    @Test
    void everyMetricOnlySeenAfterAnEventIsAMeterOfTheServices() {
        String sources = mainSources();
        listedMetrics().forEach((metric, after) -> {
            if (!after.isEmpty()) {
                String meter = metric.replaceAll("_(total|seconds_count|seconds_bucket|seconds_sum|bytes)$", "")
                        .replace('_', '.');
                assertThat(sources).as("meter %s of %s (%s)", meter, metric, after).contains("\"" + meter + "\"");
            }
        });
    }

    @Test
    void catchesAQueryThatDoesNotParse(@TempDir Path dir) throws IOException {
        Path copy = brokenCopy(dir, "sum by (instance) (bank_branches_indoubt{job=\\\"participants\\\"})",
                "sum by (instance) (bank_branches_indoubt{job=\\\"participants\\\"}");
        Promtool.Result result = checkQueries(dir, queries(copy));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void catchesAMetricThatIsNotExported(@TempDir Path dir) throws IOException {
        Path copy = brokenCopy(dir, "bank_branches_indoubt{", "bank_branches_in_doubt{");
        assertThat(unlisted(queries(copy).values(), listedMetrics())).containsExactly("bank_branches_in_doubt");
    }

    @Test
    void findsTheMetricsOfAQuery() {
        assertThat(metrics("sum by (service, exported_instance) (rate(gateway_upstream_requests_seconds_count"
                + "{job=\"gateway\", outcome=~\"a|b\"}[5m])) / ignoring (exported_instance) group_left "
                + "sum by (service) (up) > bool 0.5 or histogram_quantile(0.99, x_bucket[1m] offset 5m)"))
                .containsExactlyInAnyOrder("gateway_upstream_requests_seconds_count", "up", "x_bucket");
    }

    /** The metric names in a PromQL expression: identifiers outside labels, ranges and strings, not functions. */
    static Set<String> metrics(String expression) {
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            boolean call = bare.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
            if (!call && !number && !KEYWORDS.contains(name.toLowerCase()) && !name.matches("\\d.*")) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    private static Set<String> unlisted(Iterable<String> expressions, Map<String, String> listed) {
        Set<String> unlisted = new TreeSet<>();
        for (String expression : expressions) {
            metrics(expression).stream().filter(metric -> !listed.containsKey(metric)).forEach(unlisted::add);
        }
        return unlisted;
    }

    /** monitoring/metrics.txt: metric → the event it appears after ("" when it is always exported). */
    static Map<String, String> listedMetrics() {
        Map<String, String> metrics = new LinkedHashMap<>();
        for (String line : Repo.readString(ROOT.resolve("monitoring/metrics.txt")).lines().toList()) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty()) {
                int after = line.indexOf("# after:");
                metrics.put(name, after < 0 ? "" : line.substring(after + "# after:".length()).trim());
            }
        }
        return metrics;
    }

    /** Every panel's queries of a dashboard: "panel title / refId" → expression. */
    private static Map<String, String> queries(Path dashboard) {
        JsonNode json = JsonMapper.builder().build().readTree(Repo.readString(dashboard));
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add); // a collapsed row holds its panels
        });
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> {
                String expr = target.path("expr").asString("");
                assertThat(expr).as("query %s of panel %s", target.path("refId").asString(),
                        panel.path("title").asString()).isNotBlank();
                queries.put(panel.path("title").asString() + " / " + target.path("refId").asString(), expr);
            });
        }
        return queries;
    }

    /** promtool check rules on a rule file with each query as a recording rule (Grafana's variables as 1m). */
    private static Promtool.Result checkQueries(Path dir, Map<String, String> queries) {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : queries.values()) {
            String plain = GRAFANA_VARIABLE.matcher(expr).replaceAll("1m");
            rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: '")
                    .append(plain.replace("'", "''")).append("'\n");
        }
        try {
            Files.writeString(dir.resolve("queries.yml"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Promtool.run(dir, "check", "rules", "queries.yml");
    }

    private static Path brokenCopy(Path dir, String from, String to) throws IOException {
        Path original = dashboards(DASHBOARDS).get(0);
        String text = Files.readString(original);
        assertThat(text).contains(from);
        Path copy = dir.resolve("broken.json");
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }

    private static List<Path> dashboards(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mainSources() {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("gateway-service", "coordinator-service", "participant-service",
                "platform-common")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> all.append(Repo.readString(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
