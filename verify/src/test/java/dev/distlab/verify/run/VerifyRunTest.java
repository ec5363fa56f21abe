package dev.distlab.verify.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.history.History;
import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;
import dev.distlab.verify.cli.OptionsParser;
import dev.distlab.verify.testing.StandIn;

/**
 * A short register run without faults against a tiny in-process stand-in for the gateway and config store:
 * the whole path from options to history.jsonl, results.json and the exit code.
 */
class VerifyRunTest {

    private static final Pattern KEY = Pattern.compile("/api/config/(.+)");

    /** Test-only: every ok read returns null or a value some write or cas put there. */
    private static final class ReadsWrittenValues implements Checker {
        @Override
        public String name() {
            return "register";
        }

        @Override
        public CheckResult check(History history) {
            List<Object> written = history.operations().stream()
                    .filter(o -> o.f().equals("write") || o.f().equals("cas"))
                    .map(o -> o.f().equals("write") ? ((List<?>) o.invoke().value()).get(1)
                            : ((List<?>) ((List<?>) o.invoke().value()).get(1)).get(1))
                    .toList();
            List<Anomaly> anomalies = history.operations("read").stream()
                    .filter(o -> o.type() == OpType.OK)
                    .filter(o -> ((List<?>) o.completion().value()).get(1) != null
                            && !written.contains(((List<?>) o.completion().value()).get(1)))
                    .map(o -> new Anomaly("phantom", "unwritten value", List.of(o.completion()))).toList();
            long ok = history.operations().stream().filter(o -> o.type() == OpType.OK).count();
            return CheckResult.of(name(), anomalies, Map.of("ok", ok));
        }
    }

    private HttpServer server;
    private final Map<String, long[]> store = new HashMap<>(); // key -> {value, modRevision}
    private long revision;

    @BeforeEach
    void startFakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/gateway/balancers", exchange -> answer(exchange, 200, "[{\"service\":"
                + "\"participant-service\",\"policy\":\"round-robin\",\"instances\":[{\"id\":\"participant-1\","
                + "\"uri\":\"" + url + "\",\"weight\":1,\"healthy\":true,\"requests\":0}]}]"));
        server.createContext("/actuator/info", exchange -> answer(exchange, 200, "{\"unsafe\":[]}"));
        server.createContext("/api/config/", this::config);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void config(HttpExchange exchange) throws IOException {
        Matcher m = KEY.matcher(exchange.getRequestURI().getPath());
        m.matches();
        String key = m.group(1);
        long[] entry = store.get(key);
        if (exchange.getRequestMethod().equals("GET")) {
            if (entry == null) {
                answer(exchange, 404, "{\"title\":\"Not Found\"}");
            } else {
                answer(exchange, 200, "{\"key\":\"" + key + "\",\"value\":\"" + entry[0] + "\",\"modRevision\":"
                        + entry[1] + "}");
            }
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        long value = Long.parseLong(body.replaceAll("[^0-9]", ""));
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && (entry == null || !ifMatch.equals("\"" + entry[1] + "\""))) {
            answer(exchange, 412, "{\"title\":\"Precondition Failed\"}");
            return;
        }
        store.put(key, new long[] {value, ++revision});
        answer(exchange, entry == null ? 201 : 200, "{\"key\":\"" + key + "\",\"value\":\"" + value
                + "\",\"modRevision\":" + revision + "}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        StandIn.answer(exchange, status, body, "participant-1");
    }

    @Test
    void shouldRecordJudgeAndReportARegisterRun(@TempDir Path dir) throws Exception {
        String gateway = "http://127.0.0.1:" + server.getAddress().getPort();
        var options = new OptionsParser().parse("--workload", "register", "--time", "2", "--concurrency", "3",
                "--seed", "5", "--gateway", gateway, "--report-dir", dir.toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = new VerifyRun(options, Map.of("register", ReadsWrittenValues::new), null,
                new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
        History history = JsonLines.read(dir.resolve("history.jsonl"));
        List<Operation> operations = history.operations();
        assertThat(operations).isNotEmpty().allSatisfy(o -> assertThat(o.completion()).isNotNull());
        assertThat(operations).extracting(Operation::f).contains("read", "write");
        assertThat(history.nemesis()).extracting(Operation::f).containsExactly("await-ready");
        // three clients, then one process reading every key once the load is over
        assertThat(operations).extracting(Operation::process).containsOnly(0, 1, 2, 3);
        assertThat(history.operations("final-read")).hasSize(10)
                .allSatisfy(o -> assertThat(o.type()).isEqualTo(OpType.OK));
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"valid\" : true", "\"seed\" : 5");
        assertThat(Files.readString(dir.resolve("index.html"))).contains(">VALID<");
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("VALID (seed 5)", "index.html");
    }

    @Test
    void shouldExitTwoWhenTheClusterCannotBeReached(@TempDir Path dir) throws Exception {
        var options = new OptionsParser().parse("--workload", "register", "--gateway", "http://127.0.0.1:1",
                "--report-dir", dir.toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = new VerifyRun(options, Map.of("register", ReadsWrittenValues::new), null,
                new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("cannot reach the cluster");
    }

    @Test
    void shouldRefuseAWorkloadNoCheckerJudges(@TempDir Path dir) throws Exception {
        var options = new OptionsParser().parse("--workload", "register,bank", "--gateway",
                "http://127.0.0.1:" + server.getAddress().getPort(), "--report-dir", dir.toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = new VerifyRun(options, Map.of("register", ReadsWrittenValues::new), null,
                new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("no checker is registered for bank");
    }
}
