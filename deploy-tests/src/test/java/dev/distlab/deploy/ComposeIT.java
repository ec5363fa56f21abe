package dev.distlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml run for real on a local Docker engine, as a user runs it without a registry: the three
 * service images built from this build's exec jars on a JRE base image made from Debian packages
 * (docker/prebuilt-images.sh; the base image is kept and reused), the stack up under a project name of its own
 * with docker-compose v1 (or v2 where only that exists), then a transfer across two participants, a config
 * write, the Paxos leader's container killed and writes resuming, that participant's container replaced with its
 * volume kept and its balances intact, and Debian's Prometheus on the compose network scraping every instance
 * by its service name. Always down with its volumes at the end, and the images it built removed.
 * <p>
 * Skipped, with the reason, where no Docker engine answers ({@code .ci/run} starts one where it can), where no
 * compose command is installed, or where the base image is missing and cannot be made (debootstrap as root).
 * The gateway is published on 127.0.0.1 only, on a port beside the other system tests' (28080+) and ./cluster's.
 * The steps run in order and share the stack; each wait is bounded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {

    private static final String BASE_IMAGE = "distlab/jre-base:bookworm";
    private static final List<String> SERVICES = List.of("gateway-service", "coordinator-service",
            "participant-service");
    private static final int PORT = 26080;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROJECT = "distlab-it-" + RUN;
    private static final String TAG = "it-" + RUN;
    private static final String TOKEN = "compose-it-" + UUID.randomUUID();
    private static final String GATEWAY = "http://127.0.0.1:" + PORT;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Path ROOT = Repo.root();

    private static List<String> compose;
    private static final Map<String, String> ENV = new HashMap<>();
    private static boolean imagesBuilt;
    private static boolean stackCreated;
    private static long started;
    /** The participant whose container step 3 killed. */
    private static String killed;

    /** The accounts of the transfer: id → balance after it, and id → the participant that owns it. */
    private static final Map<String, Long> BALANCES = new LinkedHashMap<>();
    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    @BeforeAll
    static void up() {
        started = System.nanoTime();
        Result info = run(Duration.ofSeconds(30), "docker", "version");
        skipUnless(info.ok(), "no Docker engine answers `docker version` (.ci/run starts one where it can): "
                + info.tail());
        if (run(Duration.ofSeconds(30), "docker-compose", "version").ok()) {
            compose = new ArrayList<>(List.of("docker-compose"));
        } else if (run(Duration.ofSeconds(30), "docker", "compose", "version").ok()) {
            compose = new ArrayList<>(List.of("docker", "compose"));
        }
        skipUnless(compose != null, "neither docker-compose (v1) nor the docker compose plugin is installed");
        compose.addAll(List.of("-p", PROJECT, "-f", ROOT.resolve("docker-compose.yml").toString()));
        boolean baseImage = run(Duration.ofSeconds(30), "docker", "image", "inspect", BASE_IMAGE).ok();
        skipUnless(baseImage || (run(Duration.ofSeconds(10), "debootstrap", "--version").ok()
                && "root".equals(System.getProperty("user.name"))), "no image " + BASE_IMAGE
                + " and no debootstrap run as root to make one");
        for (String service : SERVICES) {
            try (var jars = Files.newDirectoryStream(ROOT.resolve(service).resolve("target"), "*-exec.jar")) {
                assertThat(jars.iterator().hasNext()).as("%s's exec jar (the build packages it before this test)",
                        service).isTrue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        ENV.put("DISTLAB_TAG", TAG);
        ENV.put("DISTLAB_CLUSTER_TOKEN", TOKEN);
        ENV.put("DISTLAB_GATEWAY_PORT", "127.0.0.1:" + PORT);
        imagesBuilt = true; // from here on, whatever part of them exists is removed at the end
        Result images = run(Duration.ofMinutes(15), "bash", ROOT.resolve("docker/prebuilt-images.sh").toString());
        assertThat(images.ok()).as("docker/prebuilt-images.sh: %s", images.output()).isTrue();
        phase("images built" + (baseImage ? " (base image reused)" : " (base image made by debootstrap)"));

        stackCreated = true;
        Result up = compose(Duration.ofMinutes(10), "up", "-d", "--no-build");
        assertThat(up.ok()).as("compose up: %s\n%s", up.output(), logs()).isTrue();
        phase("compose up");
        await("the gateway ready with every participant and the coordinator in its rotation", Duration.ofMinutes(4),
                ComposeIT::everyInstanceInRotation, ready -> ready);
        phase("ready");
    }

    /** Skips the class, saying why on stderr too (a skip in @BeforeAll shows in no report). */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("ComposeIT: skipped: " + reason);
        }
        assumeTrue(condition, reason);
    }

    @AfterAll
    static void down() {
        try {
            if (stackCreated) {
                Result down = compose(Duration.ofMinutes(5), "down", "-v", "--remove-orphans", "-t", "10");
                System.err.println("ComposeIT: compose down -v: " + (down.ok() ? "done" : down.output()));
            }
        } finally {
            if (imagesBuilt) {
                for (String service : SERVICES) {
                    run(Duration.ofMinutes(2), "docker", "rmi", "-f", "distlab/" + service + ":" + TAG);
                }
            }
            if (stackCreated) {
                phase("down");
            }
        }
    }

    /** Accounts on the Paxos leader and on another participant, so that step 4 finds one on the killed leader. */
    @Test
    @Order(1)
    void transfersAcrossTwoParticipants() throws Exception {
        String leader = leader();
        for (int n = 0; OWNERS.size() < 2; n++) {
            assertThat(n).as("account placement never reached the leader and another participant").isLessThan(30);
            String id = "compose-" + RUN + "-" + n;
            HttpResponse<String> created = send("POST", "/api/accounts", "{\"id\":\"" + id + "\",\"balance\":100}",
                    null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String participant = JSON.readTree(created.body()).path("participant").asString();
            boolean wanted = OWNERS.isEmpty() ? participant.equals(leader) : !OWNERS.containsValue(participant);
            if (wanted || (OWNERS.isEmpty() && n >= 20)) { // the leader may have changed meanwhile
                OWNERS.put(id, participant);
            }
        }
        List<String> accounts = new ArrayList<>(OWNERS.keySet());
        HttpResponse<String> transfer = send("POST", "/api/transfers", "{\"from\":\"" + accounts.get(0)
                + "\",\"to\":\"" + accounts.get(1) + "\",\"amount\":30}", null);
        assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(201);
        assertThat(JSON.readTree(transfer.body()).path("status").asString()).isEqualTo("COMMITTED");
        BALANCES.put(accounts.get(0), 70L);
        BALANCES.put(accounts.get(1), 130L);
        // the answer comes at the commit point; each participant applies its branch in phase 2, just after (BANK.md),
        // so one account can still show its old balance for a moment (seen in CI: 100 and 130)
        Map<String, Long> after = await("both branches of the transfer applied", Duration.ofSeconds(20), () -> {
            try {
                return balances();
            } catch (Exception | AssertionError e) {
                return null;
            }
        }, BALANCES::equals);
        assertThat(after).isEqualTo(BALANCES);
        phase("transfer");
    }

    @Test
    @Order(2)
    void writesConfigAndReadsItBack() throws Exception {
        String key = "deploy/compose-it/" + RUN;
        HttpResponse<String> put = send("PUT", "/api/config/" + key, "{\"value\":\"written through compose\"}", null);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpResponse<String> get = send("GET", "/api/config/" + key, null, null);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).path("value").asString()).isEqualTo("written through compose");
    }

    /** The leader's container killed (SIGKILL): a write commits again once the others elect a new leader. */
    @Test
    @Order(3)
    void writesResumeAfterTheLeadersContainerIsKilled() throws Exception {
        killed = leader();
        Result kill = run(Duration.ofSeconds(60), "docker", "kill", container(killed));
        assertThat(kill.ok()).as(kill.output()).isTrue();
        phase("killed the leader " + killed);

        // bounded retries: the gateway may still send a request to the dead container until it ejects it
        HttpResponse<String> put = await("a config write to commit after the leader's death", Duration.ofSeconds(90),
                () -> trySend("PUT", "/api/config/deploy/compose-it/" + RUN + "-after-kill",
                        "{\"value\":\"after the leader\"}"),
                answer -> answer != null && (answer.statusCode() == 200 || answer.statusCode() == 201));
        assertThat(put.headers().firstValue("X-Instance-Id")).isNotEqualTo(Optional.of(killed));
        assertThat(leader()).isNotEqualTo(killed);
        phase("writes resumed");
    }

    /**
     * The killed leader's container removed and created anew on the same named volume: it comes back healthy
     * with the accounts it owns intact (one of the transfer's accounts is on it).
     */
    @Test
    @Order(4)
    void killedParticipantReplacedOnItsVolumeKeepsItsBalances() throws Exception {
        assertThat(killed).as("step 3 ran").isNotNull();
        assertThat(OWNERS).as("the transfer ran").hasSize(2);
        String before = container(killed);
        Result rm = compose(Duration.ofMinutes(2), "rm", "-s", "-f", killed);
        assertThat(rm.ok()).as(rm.output()).isTrue();
        Result up = compose(Duration.ofMinutes(3), "up", "-d", "--no-build", "--no-deps", killed);
        assertThat(up.ok()).as(up.output()).isTrue();
        assertThat(container(killed)).as("a new container").isNotEqualTo(before);
        awaitHealthy(killed);
        phase("replaced " + killed + (OWNERS.containsValue(killed) ? " (owns " + OWNERS + ")" : ""));

        // the coordinator may still hold the old container's address for a while
        Map<String, Long> after = await("the balances readable after " + killed + " came back",
                Duration.ofSeconds(90), () -> {
                    try {
                        return balances();
                    } catch (Exception | AssertionError e) {
                        return null;
                    }
                }, BALANCES::equals);
        assertThat(after).isEqualTo(BALANCES);
        await("every instance in the gateway's rotation again", Duration.ofSeconds(60),
                ComposeIT::everyInstanceInRotation, ready -> ready);
    }

    /**
     * Debian's Prometheus (the package .ci/run installs), run in a container on the stack's network with the
     * shipped monitoring/prometheus/prometheus.yml: every instance is up under its service name.
     */
    @Test
    @Order(5)
    void shippedPrometheusConfigScrapesEveryInstanceByName() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        assumeTrue(Files.isExecutable(prometheus), "needs Debian's prometheus (package prometheus)");
        String name = PROJECT + "-prometheus";
        String network = PROJECT + "_default";
        Result run = run(Duration.ofMinutes(2), "docker", "run", "-d", "--name", name, "--network", network,
                "-v", prometheus + ":/usr/local/bin/prometheus:ro",
                "-v", ROOT.resolve("monitoring/prometheus") + ":/etc/prometheus:ro", BASE_IMAGE,
                "prometheus", "--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/tmp/data");
        try {
            assertThat(run.ok()).as(run.output()).isTrue();
            List<String> expected = List.of("coordinators coordinator-1:8080 up", "gateway gateway:8080 up",
                    "participants participant-1:8080 up", "participants participant-2:8080 up",
                    "participants participant-3:8080 up");
            List<String> targets = await("Prometheus to scrape every instance", Duration.ofSeconds(90), () -> {
                // -f: a Prometheus still starting answers 503 "Service Unavailable", not JSON (CI once parsed it)
                Result answer = run(Duration.ofSeconds(20), "docker", "exec", name, "curl", "-sf",
                        "http://localhost:9090/api/v1/targets");
                List<String> found = new ArrayList<>();
                if (answer.ok()) {
                    JSON.readTree(answer.output()).path("data").path("activeTargets").forEach(t -> found.add(
                            t.path("labels").path("job").asString() + " " + t.path("labels").path("instance")
                                    .asString() + " " + t.path("health").asString()));
                }
                return found.stream().sorted().toList();
            }, expected::equals);
            assertThat(targets).isEqualTo(expected);
        } finally {
            run(Duration.ofMinutes(1), "docker", "rm", "-f", name);
        }
        phase("prometheus");
    }

    private static String leader() throws Exception {
        String leader = JSON.readTree(send("GET", "/api/node", null, null).body()).path("paxos").path("leader")
                .asString();
        assertThat(leader).matches("participant-[123]");
        return leader;
    }

    private static Map<String, Long> balances() throws Exception {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String id : OWNERS.keySet()) {
            HttpResponse<String> account = send("GET", "/api/accounts/" + id, null, null);
            assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
            balances.put(id, JSON.readTree(account.body()).path("balance").asLong());
        }
        return balances;
    }

    private static boolean everyInstanceInRotation() {
        try {
            if (send("GET", "/actuator/health/readiness", null, null).statusCode() != 200) {
                return false;
            }
            List<String> healthy = new ArrayList<>();
            JSON.readTree(send("GET", "/api/gateway/balancers", null, null).body()).forEach(balancer ->
                    balancer.path("instances").forEach(instance -> {
                        if (instance.path("healthy").asBoolean()) {
                            healthy.add(instance.path("id").asString());
                        }
                    }));
            return healthy.containsAll(List.of("participant-1", "participant-2", "participant-3", "coordinator-1"));
        } catch (Exception e) {
            return false; // not listening yet
        }
    }

    private static void awaitHealthy(String service) {
        await(service + " healthy", Duration.ofMinutes(3), () -> run(Duration.ofSeconds(20), "docker", "inspect",
                "-f", "{{.State.Health.Status}}", container(service)).output().trim(), "healthy"::equals);
    }

    /** The id of the service's container (the same with v1's and v2's naming). */
    private static String container(String service) {
        Result ps = compose(Duration.ofSeconds(30), "ps", "-q", service);
        assertThat(ps.ok() && !ps.output().isBlank()).as("container of %s: %s", service, ps.output()).isTrue();
        return ps.output().trim().lines().reduce((a, b) -> b).orElseThrow();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> trySend(String method, String path, String body) {
        try {
            return send(method, path, body, null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code probe} once a second until {@code done} accepts its value; fails after {@code within}. */
    private static <T> T await(String what, Duration within, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + within.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within.toSeconds() + " s for " + what + "; last: " + last
                        + "\n" + logs());
            }
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String logs() {
        return compose == null ? "" : compose(Duration.ofMinutes(1), "logs", "--tail", "40").tail();
    }

    /** Progress on stderr with the time since the start, so that a slow CI shows where the time went. */
    private static void phase(String what) {
        System.err.printf("ComposeIT: %-45s %6.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    private static Result compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    private record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** Runs a command with the test's compose variables, bounded in time; a missing command is exit code 127. */
    private static Result run(Duration timeout, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
            builder.environment().putAll(ENV);
            Path output = Files.createTempFile("compose-it", ".log");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(124, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                            + "\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(127, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
