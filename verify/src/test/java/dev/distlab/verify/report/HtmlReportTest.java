package dev.distlab.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.verify.check.Verdict;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.history.Recorder;
import tools.jackson.databind.JsonNode;

class HtmlReportTest {

    /** Test-only: flags every read that saw a value nobody wrote, naming its invocation and completion. */
    private static final class ReadsOnlyWhatWasWritten implements Checker {

        @Override
        public String name() {
            return "register";
        }

        @Override
        public CheckResult check(History history) {
            List<Object> written = history.operations("write").stream().map(o -> o.invoke().value()).toList();
            List<Anomaly> anomalies = history.operations("read").stream()
                    .filter(o -> o.type() == OpType.OK && !written.contains(o.completion().value()))
                    .map(o -> new Anomaly("phantom-read", "read <" + o.completion().value() + "> nobody wrote",
                            List.of(o.invoke(), o.completion())))
                    .toList();
            return CheckResult.of(name(), anomalies, Map.of("reads", (long) history.operations("read").size()));
        }
    }

    private static Recorder history() {
        Recorder recorder = new Recorder(null);
        Op bank = recorder.invoke(9, "read", null); // another workload's process: not the register checker's
        Op write = recorder.invoke(0, "write", List.of("k0", 1L));
        recorder.ok(write, List.of("k0", 1L), "participant-1");
        Op kill = recorder.invoke(Op.NEMESIS, "kill", Map.of("targets", List.of("participant-2")));
        recorder.info(kill, Map.of("targets", List.of("participant-2")), null, null);
        Op read = recorder.invoke(1, "read", java.util.Arrays.asList("k0", null));
        recorder.ok(read, List.of("k0", "<script>alert(1)</script>"), "participant-3");
        recorder.fail(bank, null, null, "timeout");
        Op start = recorder.invoke(Op.NEMESIS, "start", Map.of("targets", List.of("participant-2")));
        recorder.info(start, Map.of("targets", List.of("participant-2")), null, null);
        return recorder;
    }

    private static RunSummary summary(Recorder recorder, Map<String, CheckResult> results) {
        return new RunSummary(Verdict.valid(results), 1234, "./cluster verify --workload register --seed 1234",
                List.of("register"), "kill", "in-process", List.of("platform.unsafe.reads-without-quorum"),
                Instant.parse("2025-01-01T00:00:00Z"), 31_000, results, recorder.ops());
    }

    @Test
    void shouldPutTheVerdictFirstAndShowEachAnomalyWithItsOps() {
        Recorder recorder = history();
        Map<String, Supplier<Checker>> checkers = Map.of("register", ReadsOnlyWhatWasWritten::new);
        Map<String, CheckResult> results = Verdict.judge(recorder, Map.of("register", List.of(0, 1)), checkers);

        String html = HtmlReport.render(summary(recorder, results));

        assertThat(results.get("register").valid()).isFalse();
        assertThat(html.indexOf("INVALID")).isPositive().isLessThan(html.indexOf("<h2>"));
        assertThat(html).contains("phantom-read")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("<svg").contains("class=\"fault-window\"").contains("kill [participant-2]")
                .contains("1234").contains("./cluster verify --workload register --seed 1234")
                .contains("platform.unsafe.reads-without-quorum");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        // the anomaly's ops carry their run-wide indices (lines 5 and 6 of history.jsonl)
        assertThat(results.get("register").anomalies().get(0).ops()).extracting(Op::index).containsExactly(5L, 6L);
        assertThat(balanced(html, "<svg", "</svg>")).isTrue();
        assertThat(balanced(html, "<table", "</table>")).isTrue();
        assertThat(html).endsWith("</body></html>\n");
    }

    @Test
    void shouldSayValidWhenEveryCheckerIsSatisfied() {
        Recorder recorder = new Recorder(null);
        Op write = recorder.invoke(0, "write", List.of("k0", 1L));
        recorder.ok(write, List.of("k0", 1L), null);
        Op read = recorder.invoke(0, "read", java.util.Arrays.asList("k0", null));
        recorder.ok(read, List.of("k0", 1L), null);
        Map<String, CheckResult> results = Verdict.judge(recorder, Map.of("register", List.of(0)),
                Map.of("register", ReadsOnlyWhatWasWritten::new));

        String html = HtmlReport.render(summary(recorder, results));

        assertThat(html).contains("class=\"verdict valid\">VALID").doesNotContain("INVALID");
    }

    @Test
    void shouldWriteResultsJsonInTheAgreedShape(@TempDir Path dir) throws Exception {
        Recorder recorder = history();
        Map<String, CheckResult> results = Verdict.judge(recorder, Map.of("register", List.of(0, 1)),
                Map.of("register", ReadsOnlyWhatWasWritten::new));

        ReportWriter.write(dir, summary(recorder, results));

        JsonNode json = Http.JSON.readTree(Files.readString(dir.resolve("results.json")));
        assertThat(json.path("valid").asBoolean()).isFalse();
        assertThat(json.path("seed").asLong()).isEqualTo(1234);
        assertThat(json.path("command").asString()).startsWith("./cluster verify");
        assertThat(json.path("workloads").get(0).asString()).isEqualTo("register");
        assertThat(json.path("nemesis").asString()).isEqualTo("kill");
        assertThat(json.path("network").asString()).isEqualTo("in-process");
        assertThat(json.path("unsafe").get(0).asString()).isEqualTo("platform.unsafe.reads-without-quorum");
        assertThat(json.path("startedAt").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(json.path("durationMs").asLong()).isEqualTo(31_000);
        JsonNode register = json.path("checkers").path("register");
        assertThat(register.path("valid").asBoolean()).isFalse();
        assertThat(register.path("stats").path("reads").asLong()).isEqualTo(1);
        JsonNode anomaly = register.path("anomalies").get(0);
        assertThat(anomaly.path("type").asString()).isEqualTo("phantom-read");
        assertThat(anomaly.path("ops").get(1).path("index").asLong()).isEqualTo(6);
        assertThat(anomaly.path("ops").get(1).path("type").asString()).isEqualTo("ok");
        assertThat(anomaly.path("ops").get(1).path("node").asString()).isEqualTo("participant-3");
        assertThat(json.path("ops").path("invoke").asLong()).isEqualTo(3);
        assertThat(json.path("ops").path("ok").asLong()).isEqualTo(2);
        assertThat(json.path("ops").path("fail").asLong()).isEqualTo(1);
        assertThat(json.path("ops").path("nemesis").asLong()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("INVALID");
    }

    @Test
    void shouldReportABrokenCheckerAsAnAnomalyNotAsValid() {
        Recorder recorder = history();
        Checker broken = new Checker() {
            @Override
            public String name() {
                return "register";
            }

            @Override
            public CheckResult check(History history) {
                throw new IllegalStateException("boom");
            }
        };

        Map<String, CheckResult> results = Verdict.judge(recorder, Map.of("register", List.of(0, 1)),
                Map.of("register", () -> broken));

        assertThat(results.get("register").anomalies()).extracting(Anomaly::type).containsExactly("checker-error");
    }

    @Test
    void shouldShadeEachFaultWindowFromItsStartToItsEnd() {
        List<FaultWindow> windows = FaultWindow.of(history().ops());

        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).label()).isEqualTo("kill [participant-2]");
        assertThat(windows.get(0).endNanos()).isGreaterThan(windows.get(0).startNanos());
    }

    @Test
    void shouldEndAKillWindowWhenTheRestartCompletesNotWhenItBegins() throws InterruptedException {
        // the report showed a kill of every participant as 27.5-33.1 s while they were back only at 56 s
        Recorder recorder = new Recorder(null);
        Map<String, Object> targets = Map.of("targets", List.of("participant-1"));
        Op kill = recorder.invoke(Op.NEMESIS, "kill", targets);
        recorder.info(kill, targets, null, null);
        Op start = recorder.invoke(Op.NEMESIS, "start", targets);
        Thread.sleep(20); // the JVM starting
        Op started = recorder.info(start, targets, null, null);

        FaultWindow window = FaultWindow.of(recorder.ops()).get(0);

        assertThat(window.startNanos()).isEqualTo(kill.time());
        assertThat(window.endNanos()).isEqualTo(started.time()).isGreaterThan(start.time());
    }

    private static boolean balanced(String html, String open, String close) {
        int depth = 0;
        for (int i = 0; i < html.length(); i++) {
            if (html.startsWith(open, i)) {
                depth++;
            } else if (html.startsWith(close, i)) {
                depth--;
                if (depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0;
    }
}
