package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.at;
import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml names every participant, coordinator and the token consistently; and the check itself
 * catches the mistakes it is there for (each {@code catches...} test breaks one thing in a copy of the file).
 */
class ComposeFileTest {

    private static final Path ROOT = Repo.root();
    private static final Dockerfile DOCKERFILE = Dockerfile.parse(Repo.read(ROOT.resolve("Dockerfile")));
    private static final Set<String> MODULES = Repo.serviceModules(ROOT);
    private static final String COMPOSE = Repo.read(ROOT.resolve("docker-compose.yml"));
    private static final String PROFILE = "two-coordinators";

    private static List<String> problems(Object compose, Map<String, String> env, Set<String> profiles) {
        return ComposeCheck.problems(compose, env, profiles, DOCKERFILE, MODULES);
    }

    @Test
    void defaultSetupIsConsistent() {
        assertThat(problems(Repo.yaml(COMPOSE), Map.of(), Set.of())).isEmpty();
    }

    @Test
    void variablesChangeNothingThatMustAgree() {
        Map<String, String> env = Map.of("DISTLAB_CLUSTER_TOKEN", "s3cret", "DISTLAB_TAG", "1.2",
                "DISTLAB_BANK_MODE", "local", "DISTLAB_GATEWAY_PORT", "18080");
        assertThat(problems(Repo.yaml(COMPOSE), env, Set.of())).isEmpty();
    }

    /**
     * docs/DEPLOY.md's command for the second coordinator (every DISTLAB_ variable on its line) gives the gateway
     * both coordinators and each coordinator the other as its peer.
     */
    @Test
    void secondCoordinatorAsDocumentedIsConsistent() {
        Matcher line = Pattern.compile("(?m)^.*DISTLAB_GATEWAY_COORDINATORS=.*--profile " + PROFILE + ".*$")
                .matcher(Repo.read(ROOT.resolve("docs/DEPLOY.md")));
        assertThat(line.find()).as("DEPLOY.md shows DISTLAB_GATEWAY_COORDINATORS=... --profile " + PROFILE).isTrue();
        Map<String, String> env = new HashMap<>();
        Matcher variable = Pattern.compile("(DISTLAB_[A-Z0-9_]+)=([^\\s`'\"]+)").matcher(line.group());
        while (variable.find()) {
            env.put(variable.group(1), variable.group(2));
        }
        assertThat(problems(Repo.yaml(COMPOSE), env, Set.of(PROFILE))).isEmpty();
        assertThat(problems(Repo.yaml(COMPOSE), Map.of(), Set.of(PROFILE)))
                .anySatisfy(p -> assertThat(p).contains("coordinator-service").contains("coordinator-2"));
    }

    @Test
    void everyCoordinatorNamesTheOtherAsItsPeer() {
        Map<String, String> env = Map.of(
                "DISTLAB_GATEWAY_COORDINATORS", "coordinator-1=http://coordinator-1:8080,coordinator-2=http://coordinator-2:8080",
                "DISTLAB_COORDINATOR_1_PEERS", "http://coordinator-2:8080");
        assertThat(problems(Repo.yaml(COMPOSE), env, Set.of(PROFILE))).isEmpty();
    }

    @Test
    void catchesACoordinatorThatDoesNotNameTheOther() {
        Map<String, String> env = Map.of(
                "DISTLAB_GATEWAY_COORDINATORS", "coordinator-1=http://coordinator-1:8080,coordinator-2=http://coordinator-2:8080");
        assertThat(problems(Repo.yaml(COMPOSE), env, Set.of(PROFILE))).anySatisfy(p -> assertThat(p)
                .contains("coordinator-1: --platform.peers").contains("http://coordinator-2:8080"));
    }

    @Test
    void catchesASingleCoordinatorNamingOneThatDoesNotRun() {
        Map<String, String> env = Map.of("DISTLAB_COORDINATOR_1_PEERS", "http://coordinator-2:8080");
        assertThat(problems(Repo.yaml(COMPOSE), env, Set.of()))
                .anySatisfy(p -> assertThat(p).contains("coordinator-1: --platform.peers is [http://coordinator-2:8080]"));
    }

    @Test
    void catchesAParticipantWhoseMemberListDiffers() {
        assertCaught(compose -> setArgument(compose, "participant-2", "platform.replication.members",
                "http://participant-2:8080,http://participant-1:8080,http://participant-3:8080"),
                "participant-2: --platform.replication.members");
    }

    @Test
    void catchesAParticipantWhosePeerUrlsAreNotTheMembersOnThePeerPort() {
        assertCaught(compose -> setArgument(compose, "participant-1", "platform.replication.peer-urls",
                "http://participant-1:8080,http://participant-2:8080,http://participant-3:8080"),
                "participant-1: --platform.replication.peer-urls");
    }

    @Test
    void catchesAParticipantWhoseIdIsNotItsMemberPosition() {
        assertCaught(compose -> setArgument(compose, "participant-3", "platform.instance-id", "participant-2"),
                "participant-3: --platform.instance-id");
    }

    @Test
    void catchesAGatewayThatMissesAParticipant() {
        assertCaught(compose -> setArgument(compose, "gateway", "gateway.services.participant-service",
                "participant-1=http://participant-1:8080,participant-2=http://participant-2:8080"),
                "gateway: --gateway.services.participant-service");
    }

    @Test
    void catchesACoordinatorWithAWrongParticipantUrl() {
        assertCaught(compose -> setArgument(compose, "coordinator-1", "platform.bank.participants",
                "participant-1=http://participant-1:8080,participant-2=http://participant-2:8081,"
                        + "participant-3=http://participant-3:8080"),
                "coordinator-1: --platform.bank.participants");
    }

    @Test
    void catchesAServiceWithAnotherToken() {
        assertCaught(compose -> service(compose, "participant-3").put("environment",
                Map.of("PLATFORM_CLUSTER_TOKEN", "other", "JAVA_OPTS", "")), "one PLATFORM_CLUSTER_TOKEN");
    }

    @Test
    void catchesParticipantsSharingAVolume() {
        assertCaught(compose -> service(compose, "participant-2").put("volumes", List.of("participant-1-data:/data")),
                "share the data volume");
    }

    @Test
    void catchesADataDirectoryOutsideTheVolume() {
        assertCaught(compose -> setArgument(compose, "coordinator-1", "platform.data-dir", "/tmp/data"),
                "coordinator-1: its data directory /tmp/data is not on a named volume");
    }

    @Test
    void catchesParticipantsWaitingForEachOther() {
        assertCaught(compose -> service(compose, "participant-2").put("depends_on",
                Map.of("participant-1", Map.of("condition", "service_healthy"))), "participant-2 must not wait");
    }

    @Test
    void catchesAHealthCheckThatIsNotReadiness() {
        assertCaught(compose -> service(compose, "gateway").put("healthcheck",
                Map.of("test", List.of("CMD", "/app/healthcheck.sh", "/actuator/health"))), "gateway: its health check");
    }

    @Test
    void catchesABuildArgumentThatIsNoModule() {
        assertCaught(compose -> map(service(compose, "coordinator-1").get("build")).put("args",
                Map.of("SERVICE", "coordinator")), "coordinator-1: build argument SERVICE=coordinator");
    }

    @Test
    void catchesATopLevelNameThatComposeV1Refuses() {
        assertCaught(compose -> compose.put("name", "distlab"), "a top-level name");
    }

    @Test
    void catchesAServiceWithoutAMemoryLimit() {
        assertCaught(compose -> service(compose, "gateway").remove("mem_limit"), "gateway: no mem_limit");
    }

    @Test
    void catchesAMemoryLimitWithNoRoomBesideTheHeap() {
        assertCaught(compose -> service(compose, "participant-2").put("mem_limit", "600m"),
                "participant-2: mem_limit 600m leaves less than 200 MiB beside the 512 MiB heap");
    }

    @Test
    void monitoringProfileIsConsistent() {
        assertThat(problems(Repo.yaml(COMPOSE), Map.of(), Set.of(MonitoringCheck.PROFILE))).isEmpty();
        assertThat(MonitoringCheck.problems(Repo.yaml(COMPOSE), ROOT, DOCKERFILE)).isEmpty();
    }

    /** A service added to the file but not to Prometheus's configuration is caught. */
    @Test
    void catchesAServiceThatPrometheusDoesNotScrape() {
        assertMonitoringCaught(ROOT, compose -> map(compose.get("services")).put("coordinator-3",
                new java.util.LinkedHashMap<>(service(compose, "coordinator-2"))),
                "coordinator-3: Prometheus does not scrape it in job coordinators");
    }

    @Test
    void catchesAnInstanceLeftOutOfThePrometheusConfig(@TempDir Path copy) throws IOException {
        Path root = copyOfMonitoring(copy);
        Path config = root.resolve("monitoring/prometheus/prometheus.yml");
        String text = Files.readString(config);
        Files.writeString(config, text.replace(", 'participant-3:8080'", ""));
        assertMonitoringCaught(root, compose -> { }, "participant-3: Prometheus does not scrape it in job participants");
    }

    @Test
    void catchesAServiceWithoutTheZipkinEndpointVariable() {
        assertMonitoringCaught(ROOT, compose -> service(compose, "gateway").put("environment",
                Map.of("PLATFORM_CLUSTER_TOKEN", "t")), "gateway: no " + MonitoringCheck.ZIPKIN_VARIABLE);
    }

    @Test
    void catchesDashboardsMountedWhereNoProviderReads() {
        assertMonitoringCaught(ROOT, compose -> service(compose, "grafana").put("volumes", List.of(
                "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro")),
                "where no directory of dashboards is mounted");
    }

    @Test
    void catchesAPanelOfAnotherDataSource(@TempDir Path copy) throws IOException {
        Path root = copyOfMonitoring(copy);
        Path dashboard = root.resolve("monitoring/grafana/dashboards/distlab.json");
        String text = Files.readString(dashboard);
        Files.writeString(dashboard, text.replaceFirst("\"uid\": \"distlab-prometheus\"", "\"uid\": \"other\""));
        assertMonitoringCaught(root, compose -> { }, "uses data source other");
    }

    private static void assertMonitoringCaught(Path root, Consumer<Map<String, Object>> breakIt, String expected) {
        Map<String, Object> compose = map(ComposeCheck.interpolate(Repo.yaml(COMPOSE), Map.of(), new ArrayList<>()));
        breakIt.accept(compose);
        assertThat(MonitoringCheck.problems(compose, root, DOCKERFILE))
                .anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    /** A directory with a copy of monitoring/, to break a file of it. */
    private static Path copyOfMonitoring(Path copy) throws IOException {
        Path source = ROOT.resolve("monitoring");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve("monitoring").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** The project's name comes from .env, which both docker-compose v1 and docker compose v2 read. */
    @Test
    void projectNameComesFromTheEnvFile() {
        assertThat(Repo.read(ROOT.resolve(".env")).lines()).contains("COMPOSE_PROJECT_NAME=distlab");
    }

    /** Breaks a copy of the compose file and expects a problem containing {@code expected}. */
    private static void assertCaught(Consumer<Map<String, Object>> breakIt, String expected) {
        // interpolated once, so the copy shares nothing through YAML aliases
        Map<String, Object> compose = map(ComposeCheck.interpolate(Repo.yaml(COMPOSE), Map.of(), new ArrayList<>()));
        breakIt.accept(compose);
        assertThat(problems(compose, Map.of(), Set.of())).anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return map(at(compose, "services", name));
    }

    private static void setArgument(Map<String, Object> compose, String service, String name, String value) {
        List<Object> command = new ArrayList<>(seq(service(compose, service).get("command")));
        command.replaceAll(arg -> String.valueOf(arg).startsWith("--" + name + "=") ? "--" + name + "=" + value : arg);
        assertThat(command).as("%s has --%s", service, name).contains("--" + name + "=" + value);
        service(compose, service).put("command", command);
    }
}
