package dev.distlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files in k8s/ agree with each other, with the image and with the Kubernetes schema; the StatefulSets'
 * wrappers give each pod its id; and the check itself catches the mistakes it is there for (each {@code catches...}
 * test breaks one thing in a copy of the files). The wrappers run with /bin/sh, so these tests need a Unix shell.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Repo.root();
    private static final Dockerfile DOCKERFILE = Dockerfile.parse(Repo.read(ROOT.resolve("Dockerfile")));
    private static final Set<String> MODULES = Repo.serviceModules(ROOT);
    private static final String MEMBER_2 = "http://participant-2.participant.distlab.svc:8080";
    private static final String COORDINATOR_1 = "http://coordinator-1.coordinator.distlab.svc:8080";
    private static final String COORDINATOR_2 = "http://coordinator-2.coordinator.distlab.svc:8080";
    private static final String COORDINATOR_3 = "http://coordinator-3.coordinator.distlab.svc:8080";

    private static Map<String, String> files;

    /**
     * The manifests, the kustomization, k8s/.gitignore and the examples; never the token file a user may have
     * created (cluster-token.env), so that the result does not depend on it and the test never reads a token.
     */
    @BeforeAll
    static void readFiles() {
        assumeThat(Path.of("/bin/sh")).as("a Unix shell to run the StatefulSets' wrappers").isExecutable();
        files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(ROOT.resolve("k8s"))) {
            listing.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".example")
                            || name.equals(".gitignore"))
                    .forEach(name -> files.put(name, Repo.read(ROOT.resolve("k8s").resolve(name))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> problems(Map<String, String> manifests) {
        return KubernetesCheck.problems(manifests, DOCKERFILE, MODULES, true);
    }

    private static KubernetesCheck.WrapperRun wrapper(String module, String pod, Map<String, String> overrides) {
        return KubernetesCheck.runWrapper(files, DOCKERFILE, MODULES, module, pod, overrides);
    }

    @Test
    void manifestsAreConsistent() {
        assertThat(files).containsKeys("kustomization.yaml", ".gitignore", "cluster-token.env.example");
        assertThat(problems(files)).isEmpty();
    }

    @Test
    void eachParticipantTakesTheIdOfItsOrdinalAndRefusesOrdinalsOutsideTheMembers() {
        for (int ordinal = 1; ordinal <= 3; ordinal++) {
            KubernetesCheck.WrapperRun run = wrapper(ComposeCheck.PARTICIPANT, "participant-" + ordinal, Map.of());
            assertThat(run.problems()).isEmpty();
            assertThat(run.args()).contains("--platform.instance-id=participant-" + ordinal, "--platform.data-dir=/data");
        }
        // participant-0 exists only where the cluster ignored spec.ordinals.start; participant-4 after a scale-up
        for (String pod : List.of("participant-0", "participant-4")) {
            KubernetesCheck.WrapperRun run = wrapper(ComposeCheck.PARTICIPANT, pod, Map.of());
            assertThat(run.problems()).singleElement().asString().contains("the wrapper failed")
                    .contains("is not one of the 3 members");
        }
    }

    @Test
    void eachCoordinatorTakesTheIdOfItsOrdinalItsPeersAndItsOwnUrl() {
        assertThat(wrapper(ComposeCheck.COORDINATOR, "coordinator-1", Map.of()).args()).contains(
                "--platform.instance-id=coordinator-1", "--platform.data-dir=/data",
                "--platform.bank.coordinator-url=" + COORDINATOR_1, "--platform.peers=" + COORDINATOR_2);
        assertThat(wrapper(ComposeCheck.COORDINATOR, "coordinator-2", Map.of()).args()).contains(
                "--platform.instance-id=coordinator-2", "--platform.bank.coordinator-url=" + COORDINATOR_2,
                "--platform.peers=" + COORDINATOR_1);
        // coordinator-3 after kubectl scale without the member list and the gateway's list (docs/DEPLOY.md)
        for (String pod : List.of("coordinator-0", "coordinator-3")) {
            assertThat(wrapper(ComposeCheck.COORDINATOR, pod, Map.of()).problems()).singleElement().asString()
                    .contains("the wrapper failed").contains("is not one of the 2 coordinators");
        }
    }

    /** cluster-token.env copied from the example without a value: the pods stop with a message, not run unsafe. */
    @Test
    void wrappersRefuseAnEmptyToken() {
        for (String[] pod : List.of(new String[] {ComposeCheck.PARTICIPANT, "participant-1"},
                new String[] {ComposeCheck.COORDINATOR, "coordinator-1"})) {
            assertThat(wrapper(pod[0], pod[1], Map.of("PLATFORM_CLUSTER_TOKEN", "")).problems()).singleElement()
                    .asString().contains("the wrapper failed").contains("the cluster token is empty")
                    .contains("cluster-token.env");
        }
    }

    /** docs/DEPLOY.md's third coordinator: replicas, the coordinators' member list and the gateway's list. */
    @Test
    void threeCoordinatorsAsDocumentedAreConsistent() {
        assertThat(problems(withThirdCoordinator(true))).isEmpty();
    }

    @Test
    void catchesAThirdCoordinatorTheGatewayDoesNotName() {
        assertThat(problems(withThirdCoordinator(false))).anySatisfy(p -> assertThat(p)
                .contains("--gateway.services.coordinator-service is").contains("coordinator-3=" + COORDINATOR_3));
    }

    private static Map<String, String> withThirdCoordinator(boolean gateway) {
        Map<String, String> manifests = new TreeMap<>(files);
        String members = COORDINATOR_1 + "," + COORDINATOR_2;
        manifests.put("coordinator.yaml", replaced(files.get("coordinator.yaml"), "replicas: 2", "replicas: 3")
                .replace(members + "\"", members + "," + COORDINATOR_3 + "\""));
        String list = "coordinator-2=" + COORDINATOR_2;
        if (gateway) {
            manifests.put("gateway.yaml", replaced(files.get("gateway.yaml"), list,
                    list + ",coordinator-3=" + COORDINATOR_3));
        }
        return manifests;
    }

    /** {@code text} with its first {@code from} replaced; {@code from} must be there. */
    private static String replaced(String text, String from, String to) {
        assertThat(text).contains(from);
        int at = text.indexOf(from);
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /** One mistake each: file, text replaced, replacement, what the check must say. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("a member list in another order", "participant.yaml",
                        "http://participant-1.participant.distlab.svc:8080," + MEMBER_2,
                        MEMBER_2 + ",http://participant-1.participant.distlab.svc:8080",
                        "--platform.replication.members is"),
                mistake("the peer URLs on the members' own port", "participant.yaml",
                        "value: \"8180\"", "value: \"8080\"", "--platform.replication.peer-urls is"),
                mistake("a gateway's participant in another namespace", "gateway.yaml",
                        "participant-3=http://participant-3.participant.distlab.svc",
                        "participant-3=http://participant-3.participant.default.svc",
                        "--gateway.services.participant-service is"),
                mistake("a coordinator missing a participant", "coordinator.yaml",
                        ",participant-3=http://participant-3.participant.distlab.svc:8080", "",
                        "--platform.bank.participants is"),
                mistake("a gateway with a wrong coordinator URL", "gateway.yaml", "coordinator-1=" + COORDINATOR_1,
                        "coordinator-1=http://coordinator.distlab.svc:8080", "--gateway.services.coordinator-service is"),
                mistake("a gateway without the second coordinator", "gateway.yaml", ",coordinator-2=" + COORDINATOR_2,
                        "", "--gateway.services.coordinator-service is"),
                mistake("coordinators scaled without their member list", "coordinator.yaml", "replicas: 2",
                        "replicas: 3", "is not one of the 2 coordinators"),
                mistake("a coordinator naming itself as a peer", "coordinator.yaml", "--platform.peers=\"$peers\"",
                        "--platform.peers=\"$COORDINATOR_MEMBERS\"", "--platform.peers is"),
                mistake("a coordinator giving participants the wrong URL", "coordinator.yaml",
                        "--platform.bank.coordinator-url=\"$self\"",
                        "--platform.bank.coordinator-url=http://coordinator.distlab.svc:8080",
                        "--platform.bank.coordinator-url is"),
                mistake("a coordinator's data directory off its claim", "coordinator.yaml",
                        "--platform.data-dir=/data", "--platform.data-dir=/tmp/data",
                        "its data directory /tmp/data is not on a volume"),
                mistake("names that do not resolve before readiness", "participant.yaml",
                        "publishNotReadyAddresses: true", "publishNotReadyAddresses: false",
                        "publishNotReadyAddresses must be true"),
                mistake("pods starting one after another", "participant.yaml", "podManagementPolicy: Parallel",
                        "podManagementPolicy: OrderedReady", "podManagementPolicy must be Parallel"),
                mistake("ordinals starting at 0", "participant.yaml", "start: 1", "start: 0", "the wrapper failed"),
                mistake("a file left out of the kustomization", "kustomization.yaml", "  - gateway.yaml\n", "",
                        "kustomization.yaml lists"),
                mistake("a probe on the wrong path", "coordinator.yaml", "path: /actuator/health/readiness",
                        "path: /actuator/health", "readinessProbe must GET /actuator/health/readiness"),
                mistake("a pod template without a readiness probe", "gateway.yaml",
                        "          readinessProbe:\n", "          x-readinessProbe:\n",
                        "readinessProbe is not set"),
                mistake("a pod template without a startup probe", "participant.yaml", "          startupProbe:\n",
                        "          x-startupProbe:\n", "startupProbe is not set"),
                mistake("a token from another Secret", "gateway.yaml", "name: distlab-cluster-token",
                        "name: gateway-token", "PLATFORM_CLUSTER_TOKEN must come from Secret distlab-cluster-token"),
                mistake("the data directory off the claim", "participant.yaml", "--platform.data-dir=/data",
                        "--platform.data-dir=/tmp/data", "its data directory /tmp/data is not on a volume"),
                // the Kubernetes schema
                mistake("a misspelt field", "gateway.yaml", "imagePullPolicy:", "imagePullpolicy:",
                        "Unrecognized field \"imagePullpolicy\""),
                mistake("a field at the wrong level", "coordinator.yaml", "    start: 1\n",
                        "    start: 1\n    serviceName: coordinator\n",
                        "Unrecognized field \"serviceName\" (class io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals)"),
                mistake("a number where Kubernetes wants a string", "participant.yaml", "prometheus.io/port: \"8080\"",
                        "prometheus.io/port: 8080", "Cannot coerce Integer value (8080) to `java.lang.String`"),
                mistake("a string where Kubernetes wants a number", "coordinator.yaml", "replicas: 2",
                        "replicas: \"2\"", "Cannot coerce String value (\"2\") to `java.lang.Integer`"),
                mistake("a Deployment under the wrong apiVersion", "gateway.yaml", "apiVersion: apps/v1",
                        "apiVersion: extensions/v1beta1", "apiVersion extensions/v1beta1 kind Deployment is not one of"),
                mistake("a misspelt kustomization field", "kustomization.yaml", "secretGenerator:",
                        "secretGenerators:", "kustomization.yaml: unknown field secretGenerators"),
                // resources
                mistake("a container without limits", "gateway.yaml",
                        "            limits:\n              cpu: \"1\"\n              memory: 512Mi\n", "",
                        "resources.limits.memory is not set"),
                mistake("a container without a CPU limit", "participant.yaml", "              cpu: \"1\"\n", "",
                        "resources.limits.cpu is not set"),
                mistake("a heap that fills the memory limit", "coordinator.yaml", "-XX:MaxRAMPercentage=50",
                        "-XX:MaxRAMPercentage=80", "leaves 102 MiB beside the heap of 409 MiB"),
                mistake("an -Xmx too large for the limit", "gateway.yaml", "-XX:MaxRAMPercentage=50",
                        "-Xmx400m", "leaves 112 MiB beside the heap of 400 MiB"),
                mistake("a request above its limit", "coordinator.yaml", "cpu: 250m", "cpu: 1500m",
                        "resources.requests.cpu is above its limit"),
                // monitoring
                mistake("a pod template Prometheus does not scrape", "participant.yaml",
                        "        prometheus.io/scrape: \"true\"\n", "",
                        "annotation prometheus.io/scrape must be \"true\""),
                mistake("metrics at the wrong path", "coordinator.yaml", "prometheus.io/path: /actuator/prometheus",
                        "prometheus.io/path: /metrics", "annotation prometheus.io/path must be"),
                // the token
                mistake("a committed token value", "namespace.yaml", "    app.kubernetes.io/part-of: distlab\n",
                        "    app.kubernetes.io/part-of: distlab\n---\napiVersion: v1\nkind: Secret\nmetadata:\n"
                                + "  name: distlab-cluster-token\n  namespace: distlab\nstringData:\n"
                                + "  token: distlab-demo-token-change-me\n",
                        "a committed Secret value [token]"),
                mistake("a token as a literal in the kustomization", "kustomization.yaml",
                        "    envs:\n      - cluster-token.env\n", "    literals:\n      - token=change-me\n",
                        "literals put the Secret's value in the repository"),
                mistake("a token in the committed example", "cluster-token.env.example", "\ntoken=\n",
                        "\ntoken=distlab-demo-token\n", "cluster-token.env.example gives token a value"),
                mistake("a token file that git does not ignore", ".gitignore", "/cluster-token.env",
                        "/cluster-token.txt", "cluster-token.env is not git-ignored"),
                mistake("a token Secret whose name changes with its value", "kustomization.yaml",
                        "disableNameSuffixHash: true", "disableNameSuffixHash: false",
                        "options.disableNameSuffixHash must be true"));
    }

    private static Arguments mistake(String name, String file, String from, String to, String expected) {
        return Arguments.of(Named.of(name, file), from, to, expected);
    }

    /** Replaces the first {@code from} in a copy of {@code file} and expects a problem containing {@code expected}. */
    @ParameterizedTest(name = "catches {0}")
    @MethodSource("mistakes")
    void catchesTheMistake(String file, String from, String to, String expected) {
        assertThat(files.get(file)).as("%s contains %s", file, from).contains(from);
        Map<String, String> broken = new TreeMap<>(files);
        broken.put(file, replaced(files.get(file), from, to));
        assertThat(problems(broken)).anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    /** The token file, were it among the files checked, is reported: it belongs to the user, not the repository. */
    @Test
    void catchesATokenFileInTheRepository() {
        Map<String, String> withToken = new TreeMap<>(files);
        withToken.put("cluster-token.env", "token=0123456789abcdef\n");
        assertThat(problems(withToken)).anySatisfy(problem -> assertThat(problem)
                .contains("cluster-token.env is among the repository's files"));
    }

    @Test
    void readsEnvFilesAsKustomizeDoes() {
        assertThat(KubernetesCheck.envFile("# comment\n\n  token=a=b \nother\n"))
                .containsExactly(Map.entry("token", "a=b "), Map.entry("other", ""));
    }

    @Test
    void computesTheHeapAsTheJvmDoes() {
        long limit = 512L << 20;
        assertThat(KubernetesCheck.heapBytes("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC", limit)).isEqualTo(256L << 20);
        assertThat(KubernetesCheck.heapBytes("-Xms32m -Xmx300m", limit)).isEqualTo(300L << 20);
        assertThat(KubernetesCheck.heapBytes("-Xmx1g -Xmx128m", limit)).isEqualTo(128L << 20);
        assertThat(KubernetesCheck.heapBytes("", limit)).isEqualTo(128L << 20);
    }
}
