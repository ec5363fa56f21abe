package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * One transfer is one trace, in a real Zipkin: the cluster restarted with {@code management.tracing.export.zipkin.
 * endpoint} pointing at a Zipkin server (its exec jar, in-memory storage) and every trace sampled; a transfer through
 * the gateway without a trace of the client's; then in Zipkin one trace holds the gateway's span, the coordinator's,
 * its prepare and commit calls to both participants, its decision written to the config store, and the
 * participants' own spans of those calls. The cluster is restarted as usual afterwards. Skipped when Maven cannot
 * resolve {@code io.zipkin:zipkin-server:3.4.2:exec}.
 */
class ZipkinTraceIT extends ClusterTest {

    private static final String ZIPKIN = "io.zipkin:zipkin-server:3.4.2:jar:exec";
    private static Process zipkin;
    private static String api;
    private static Path log;

    @BeforeAll
    static void startZipkinAndTraceEverything() throws IOException, InterruptedException {
        Path jar = zipkinJar();
        int port = freePort();
        api = "http://127.0.0.1:" + port + "/api/v2/";
        log = jar.resolveSibling("zipkin.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUERY_PORT", String.valueOf(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        zipkin = builder.start();
        // Zipkin starts while the cluster restarts: spans sent before it answers are only the instances' own
        // start-up ones, and the test's transfer comes after both
        cluster.restartWith(Map.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", api + "spans",
                "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0"));
        Bank.await(() -> {
            try {
                return Http.get(api + "services").statusCode();
            } catch (RuntimeException e) {
                return 0;
            }
        }, status -> status == 200, java.time.Duration.ofSeconds(90), "Zipkin answering on " + api);
    }

    /**
     * Stops Zipkin only: the next test class that needs the usual cluster restarts it ({@link ClusterTest}), and the
     * failsafe runs classes in alphabetical order, so after this one there is none and no restart is paid for.
     */
    @AfterAll
    static void stopZipkin() throws InterruptedException {
        if (zipkin != null) {
            zipkin.destroy();
            if (!zipkin.waitFor(10, TimeUnit.SECONDS)) {
                zipkin.destroyForcibly();
            }
        }
    }

    @Test
    void shouldShowATransferAsOneTraceFromTheGatewayThroughTheCoordinatorToParticipantsAndStore() {
        Bank bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        Map<String, String> accounts = bank.accountPerParticipant("traced-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()), 100, 2);
        List<String> ids = new ArrayList<>(accounts.values());
        Bank.Outcome outcome = bank.transfer(cluster.gatewayUrl(), ids.get(0), ids.get(1), 7, null);
        assertThat(outcome.status()).as("%s", outcome.body()).isEqualTo("COMMITTED");
        String txId = outcome.transactionId();

        // the spans of a trace arrive as each service's reporter flushes (every second, each process on its own
        // schedule), the commits' after the answer: wait for the last of each kind checked below, not only the commits
        JsonNode trace = Bank.await(() -> traceOf(txId), t -> t != null && commits(t, txId) == 2
                && calls(t, "gateway-service", "SERVER", "/api/transfers") == 1
                && calls(t, "participant-service", "SERVER", "/internal/bank/transactions/" + txId + "/prepare") == 2
                && calls(t, "participant-service", "SERVER", "/api/config/tx/" + txId + "/decision") >= 1,
                java.time.Duration.ofSeconds(30), "a trace in Zipkin with the gateway's span, both prepares served, "
                        + "the decision stored and both commits of " + txId);

        String traceId = trace.get(0).path("traceId").asString();
        Set<String> services = new TreeSet<>();
        for (JsonNode span : trace) {
            assertThat(span.path("traceId").asString()).isEqualTo(traceId);
            services.add(span.path("localEndpoint").path("serviceName").asString());
        }
        assertThat(services).as("services in trace %s", traceId)
                .contains("gateway-service", "coordinator-service", "participant-service");

        JsonNode root = single(trace, s -> !s.has("parentId"), "the root span");
        assertThat(root.path("localEndpoint").path("serviceName").asString()).isEqualTo("gateway-service");
        assertThat(root.path("tags").path("http.url").asString()).isEqualTo("/api/transfers");

        // the coordinator's calls, as clients, and the participants' spans of the same calls, as servers
        assertThat(calls(trace, "coordinator-service", "CLIENT", "/internal/bank/transactions/" + txId + "/prepare"))
                .as("prepare calls").isEqualTo(2);
        assertThat(calls(trace, "participant-service", "SERVER", "/internal/bank/transactions/" + txId + "/prepare"))
                .as("prepares served").isEqualTo(2);
        assertThat(commits(trace, txId)).as("commit calls").isEqualTo(2);
        assertThat(calls(trace, "coordinator-service", "CLIENT", "/api/config/tx/" + txId + "/decision"))
                .as("the decision written to the config store").isGreaterThanOrEqualTo(1);
        assertThat(calls(trace, "participant-service", "SERVER", "/api/config/tx/" + txId + "/decision"))
                .as("the store's span of that write").isGreaterThanOrEqualTo(1);
    }

    /** The trace whose spans name the transaction, or null while Zipkin has none; fails if two traces do. */
    private static JsonNode traceOf(String txId) {
        JsonNode traces = Http.json(Http.get(api + "traces?serviceName=coordinator-service&limit=500&lookback=600000"));
        List<JsonNode> naming = new ArrayList<>();
        for (JsonNode trace : traces) {
            for (JsonNode span : trace) {
                if (span.path("tags").path("http.url").asString("").contains(txId)) {
                    naming.add(trace);
                    break;
                }
            }
        }
        assertThat(naming).as("traces that name %s", txId).hasSizeLessThanOrEqualTo(1);
        return naming.isEmpty() ? null : naming.get(0);
    }

    private static long commits(JsonNode trace, String txId) {
        return calls(trace, "coordinator-service", "CLIENT", "/internal/bank/transactions/" + txId + "/commit");
    }

    /** Spans of {@code service} of this kind whose {@code http.url} ends with {@code path} (its query aside). */
    private static long calls(JsonNode trace, String service, String kind, String path) {
        long n = 0;
        for (JsonNode span : trace) {
            String url = span.path("tags").path("http.url").asString("");
            int query = url.indexOf('?');
            if (query >= 0) {
                url = url.substring(0, query);
            }
            if (service.equals(span.path("localEndpoint").path("serviceName").asString())
                    && kind.equals(span.path("kind").asString()) && url.endsWith(path)) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode single(JsonNode trace, java.util.function.Predicate<JsonNode> which, String what) {
        List<JsonNode> found = new ArrayList<>();
        trace.forEach(span -> {
            if (which.test(span)) {
                found.add(span);
            }
        });
        assertThat(found).as(what).hasSize(1);
        return found.get(0);
    }

    /**
     * Zipkin's exec jar from the local Maven repository, else fetched by Maven into target/zipkin; the test is skipped
     * (with Maven's words) when it cannot be had.
     */
    private static Path zipkinJar() throws IOException, InterruptedException {
        Path dir = cluster.repo().resolve("system-tests/target/zipkin");
        Path jar = dir.resolve("zipkin-server-3.4.2-exec.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(dir);
        Process maven = new ProcessBuilder(cluster.repo().resolve("mvnw").toString(), "-B", "-q", "-N",
                "dependency:copy", "-Dartifact=" + ZIPKIN, "-DoutputDirectory=" + dir)
                .directory(cluster.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("resolve.log").toFile()).start();
        boolean done = maven.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            maven.destroyForcibly();
        }
        Assumptions.assumeTrue(done && maven.exitValue() == 0 && Files.isRegularFile(jar),
                () -> "Maven could not resolve " + ZIPKIN + ": " + tail(dir.resolve("resolve.log")));
        return jar;
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.length() > 600 ? "…" + text.substring(text.length() - 600) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
