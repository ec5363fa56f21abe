package dev.distlab.systemtest.deploy;

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
 * The manifests in k8s/ agree with each other and with the image; the participants' wrapper gives each pod
 * its member id; and the check itself catches the mistakes it is there for (each {@code catches...} test
 * breaks one thing in a copy of the files). The wrapper runs with /bin/sh, so these tests need a Unix shell.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Repo.root();
    private static final Dockerfile DOCKERFILE = Dockerfile.parse(Repo.read(ROOT.resolve("Dockerfile")));
    private static final Set<String> MODULES = Repo.serviceModules(ROOT);
    private static final String MEMBER_2 = "http://participant-2.participant.distlab.svc:8080";

    private static Map<String, String> files;

    @BeforeAll
    static void readFiles() {
        assumeThat(Path.of("/bin/sh")).as("a Unix shell to run the participants' wrapper").isExecutable();
        files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(ROOT.resolve("k8s"))) {
            listing.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .forEach(file -> files.put(file.getFileName().toString(), Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> problems(Map<String, String> manifests) {
        return KubernetesCheck.problems(manifests, DOCKERFILE, MODULES, true);
    }

    @Test
    void manifestsAreConsistent() {
        assertThat(files).containsKey("kustomization.yaml");
        assertThat(problems(files)).isEmpty();
    }

    @Test
    void eachPodTakesTheIdOfItsOrdinalAndRefusesOrdinalsOutsideTheMembers() {
        for (int ordinal = 1; ordinal <= 3; ordinal++) {
            KubernetesCheck.WrapperRun run = KubernetesCheck.runParticipantWrapper(files, DOCKERFILE, MODULES,
                    "participant-" + ordinal);
            assertThat(run.problems()).isEmpty();
            assertThat(run.args()).contains("--platform.instance-id=participant-" + ordinal, "--platform.data-dir=/data");
        }
        // participant-0 exists only where the cluster ignored spec.ordinals.start; participant-4 after a scale-up
        for (String pod : List.of("participant-0", "participant-4")) {
            KubernetesCheck.WrapperRun run = KubernetesCheck.runParticipantWrapper(files, DOCKERFILE, MODULES, pod);
            assertThat(run.problems()).singleElement().asString().contains("the wrapper failed")
                    .contains("is not one of the 3 members");
        }
    }

    /**
     * docs/DEPLOY.md's second coordinator: coordinator-1.yaml copied with every coordinator-1 renamed, listed in
     * the kustomization and the gateway's list, and each coordinator's peers naming the other.
     */
    @Test
    void secondCoordinatorAsDocumentedIsConsistent() {
        assertThat(problems(withSecondCoordinator(true))).isEmpty();
    }

    @Test
    void catchesCoordinatorsThatDoNotNameEachOtherAsPeers() {
        assertThat(problems(withSecondCoordinator(false)))
                .anySatisfy(p -> assertThat(p).contains("Deployment coordinator-1: --platform.peers is []")
                        .contains("http://coordinator-2.distlab.svc:8080"))
                .anySatisfy(p -> assertThat(p).contains("Deployment coordinator-2: --platform.peers is []")
                        .contains("http://coordinator-1.distlab.svc:8080"));
    }

    private static Map<String, String> withSecondCoordinator(boolean peers) {
        String first = files.get("coordinator-1.yaml");
        String peersArgument = "- --platform.peers=\n";
        assertThat(first).as("coordinator-1.yaml has an (empty) --platform.peers argument").contains(peersArgument);
        String second = first.replace("coordinator-1", "coordinator-2");
        if (peers) {
            first = first.replace(peersArgument, "- --platform.peers=http://coordinator-2.distlab.svc:8080\n");
            second = second.replace(peersArgument, "- --platform.peers=http://coordinator-1.distlab.svc:8080\n");
        }
        Map<String, String> manifests = new TreeMap<>(files);
        manifests.put("coordinator-1.yaml", first);
        manifests.put("coordinator-2.yaml", second);
        String gatewayList = "coordinator-1=http://coordinator-1.distlab.svc:8080";
        assertThat(files.get("gateway.yaml")).contains(gatewayList);
        manifests.put("gateway.yaml", files.get("gateway.yaml").replace(gatewayList,
                gatewayList + ",coordinator-2=http://coordinator-2.distlab.svc:8080"));
        assertThat(files.get("kustomization.yaml")).contains("  - coordinator-1.yaml\n");
        manifests.put("kustomization.yaml", files.get("kustomization.yaml").replace("  - coordinator-1.yaml\n",
                "  - coordinator-1.yaml\n  - coordinator-2.yaml\n"));
        return manifests;
    }

    /** One mistake each: file, text replaced, replacement, what the check must say. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("a member list in another order", "participant.yaml",
                        "http://participant-1.participant.distlab.svc:8080," + MEMBER_2,
                        MEMBER_2 + ",http://participant-1.participant.distlab.svc:8080",
                        "--platform.replication.members is"),
                mistake("a gateway's participant in another namespace", "gateway.yaml",
                        "participant-3=http://participant-3.participant.distlab.svc",
                        "participant-3=http://participant-3.participant.default.svc",
                        "--gateway.services.participant-service is"),
                mistake("a coordinator missing a participant", "coordinator-1.yaml",
                        ",participant-3=http://participant-3.participant.distlab.svc:8080", "",
                        "--platform.bank.participants is"),
                mistake("a gateway with a wrong coordinator URL", "gateway.yaml",
                        "coordinator-1=http://coordinator-1.distlab.svc:8080",
                        "coordinator-1=http://coordinator.distlab.svc:8080", "--gateway.services.coordinator-service is"),
                mistake("names that do not resolve before readiness", "participant.yaml",
                        "publishNotReadyAddresses: true", "publishNotReadyAddresses: false",
                        "publishNotReadyAddresses must be true"),
                mistake("pods starting one after another", "participant.yaml", "podManagementPolicy: Parallel",
                        "podManagementPolicy: OrderedReady", "podManagementPolicy must be Parallel"),
                mistake("ordinals starting at 0", "participant.yaml", "start: 1", "start: 0", "the wrapper failed"),
                mistake("a file left out of the kustomization", "kustomization.yaml", "  - gateway.yaml\n", "",
                        "kustomization.yaml lists"),
                mistake("a probe on the wrong path", "coordinator-1.yaml", "path: /actuator/health/readiness",
                        "path: /actuator/health", "readinessProbe must GET /actuator/health/readiness"),
                mistake("a token from another Secret", "gateway.yaml", "name: distlab-cluster-token",
                        "name: gateway-token", "PLATFORM_CLUSTER_TOKEN must come from Secret distlab-cluster-token"),
                mistake("the data directory off the claim", "participant.yaml", "--platform.data-dir=/data",
                        "--platform.data-dir=/tmp/data", "its data directory /tmp/data is not on a volume"));
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
        int at = files.get(file).indexOf(from);
        broken.put(file, files.get(file).substring(0, at) + to + files.get(file).substring(at + from.length()));
        assertThat(problems(broken)).anySatisfy(problem -> assertThat(problem).contains(expected));
    }
}
