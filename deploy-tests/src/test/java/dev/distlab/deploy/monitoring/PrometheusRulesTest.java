package dev.distlab.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.deploy.Repo;

/**
 * The alerting rules and scrape configurations in monitoring/prometheus are valid for Prometheus, and the rules
 * do what their unit tests say (alerts.test.yml: a leader lost, a majority lost, a branch left in doubt, a
 * heuristic outcome, an ejected instance, a healthy cluster that raises nothing). Needs promtool (Debian's
 * prometheus package); skipped without it.
 */
@EnabledIf(value = "promtoolInstalled", disabledReason = "needs promtool (Debian package prometheus)")
class PrometheusRulesTest {

    private static final Path DIR = Repo.root().resolve("monitoring/prometheus");

    static boolean promtoolInstalled() {
        return Promtool.installed("promtool");
    }

    @Test
    void rulesAreValid() {
        Promtool.Result result = Promtool.run(DIR, "check", "rules", "alerts.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void rulesPassTheirUnitTests() {
        Promtool.Result result = Promtool.run(DIR, "test", "rules", "alerts.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void scrapeConfigurationsAreValid() {
        for (String config : new String[] { "prometheus.yml", "cluster.yml" }) {
            Promtool.Result result = Promtool.run(DIR, "check", "config", config);
            assertThat(result.exitCode()).as(config + ": " + result.output()).isZero();
        }
    }

    /** The unit tests can fail: a rule that no longer sees a lost leader is caught. */
    @Test
    void theUnitTestsCatchABrokenRule(@TempDir Path copy) throws IOException {
        String rules = Files.readString(DIR.resolve("alerts.yml"));
        String broken = rules.replace("sum(paxos_is_leader{job=\"participants\"}) == 0",
                "sum(paxos_is_leader{job=\"participants\"}) > 1");
        assertThat(broken).isNotEqualTo(rules);
        Files.writeString(copy.resolve("alerts.yml"), broken);
        Files.copy(DIR.resolve("alerts.test.yml"), copy.resolve("alerts.test.yml"));

        Promtool.Result result = Promtool.run(copy, "test", "rules", "alerts.test.yml");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("ConfigStoreNoLeader");
    }
}
