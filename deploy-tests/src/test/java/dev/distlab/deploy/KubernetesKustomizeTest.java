package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.at;
import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static dev.distlab.deploy.Settings.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/ rendered by the real kustomize ({@code kubectl kustomize}, which {@code kubectl apply -k} runs first; no
 * cluster is involved), where kubectl is installed: it refuses to render without the token file, and what it
 * renders with one is valid against the Kubernetes schema ({@link KubernetesSchema}) and is what
 * {@link KubernetesCheck} assumes kustomize makes of the files. Skipped, with the reason, without kubectl.
 */
class KubernetesKustomizeTest {

    private static final Path K8S = Repo.root().resolve("k8s");
    private static final String TOKEN_FILE = "cluster-token.env";

    private static Path kubectl;

    @BeforeAll
    static void findKubectl() {
        kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        assumeThat(kubectl).as("kubectl on the PATH, for its built-in kustomize").isNotNull();
    }

    /** What kustomize printed and said, and its exit code. */
    private record Run(int exit, String out, String err) {
    }

    /** Copies k8s/ without a token file the user may have there; {@code token}: the token file's text, or null. */
    private static Path copy(Path dir, String token) throws IOException {
        try (Stream<Path> listing = Files.list(K8S)) {
            for (Path file : listing.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(TOKEN_FILE)) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
        }
        if (token != null) {
            Files.writeString(dir.resolve(TOKEN_FILE), token);
        }
        return dir;
    }

    private static Run kustomize(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".out").toFile())
                .redirectError(dir.resolveSibling(dir.getFileName() + ".err").toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(dir.resolveSibling(dir.getFileName() + ".out")),
                Files.readString(dir.resolveSibling(dir.getFileName() + ".err")));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static List<Map<String, Object>> documents(String yaml) {
        return Repo.yamlDocuments(yaml).stream().map(Settings::map).toList();
    }

    @Test
    void refusesToRenderWithoutTheTokenFile(@TempDir Path temp) throws Exception {
        Run run = kustomize(copy(Files.createDirectory(temp.resolve("k8s")), null));
        assertThat(run.exit()).as("exit code; stdout %s", run.out()).isNotZero();
        assertThat(run.err()).contains(TOKEN_FILE).contains("no such file or directory");
    }

    @Test
    void rendersValidManifestsWithTheTokenFromTheFile(@TempDir Path temp) throws Exception {
        String token = randomToken();
        Run run = kustomize(copy(Files.createDirectory(temp.resolve("k8s")), "token=" + token + "\n"));
        assertThat(run.exit()).as("kubectl kustomize: %s", run.err()).isZero();
        List<Map<String, Object>> rendered = documents(run.out());

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : rendered) {
            KubernetesSchema.read(document, "rendered " + document.get("kind") + " "
                    + at(document, "metadata", "name"), problems);
        }
        assertThat(problems).isEmpty();

        // what KubernetesCheck assumes: the files' objects plus the generated Secret, under its own name, in the
        // kustomization's namespace, holding the file's token
        Object kustomization = Repo.yaml(Repo.read(K8S.resolve("kustomization.yaml")));
        Set<String> expected = new TreeSet<>();
        for (Object file : seq(at(kustomization, "resources"))) {
            documents(Repo.read(K8S.resolve(String.valueOf(file))))
                    .forEach(doc -> expected.add(doc.get("kind") + "/" + at(doc, "metadata", "name")));
        }
        expected.add("Secret/distlab-cluster-token");
        assertThat(rendered.stream().map(doc -> doc.get("kind") + "/" + at(doc, "metadata", "name")))
                .containsExactlyInAnyOrderElementsOf(expected);
        String namespace = text(at(kustomization, "namespace"));
        assertThat(rendered).filteredOn(doc -> !"Namespace".equals(doc.get("kind")))
                .allSatisfy(doc -> assertThat(at(doc, "metadata", "namespace")).isEqualTo(namespace));
        Map<String, Object> secret = rendered.stream().filter(doc -> "Secret".equals(doc.get("kind"))).findFirst()
                .orElseThrow();
        // kustomize folds a long base64 value over lines; Kubernetes' decoder skips them, and so does the MIME one
        assertThat(new String(Base64.getMimeDecoder().decode(text(at(secret, "data", "token"))),
                StandardCharsets.UTF_8)).isEqualTo(token);
        for (Map<String, Object> workload : rendered) {
            for (Object container : seq(at(workload, "spec", "template", "spec", "containers"))) {
                for (Object env : seq(map(container).get("env"))) {
                    if (at(env, "valueFrom", "secretKeyRef") != null) {
                        assertThat(at(env, "valueFrom", "secretKeyRef", "name")).isEqualTo(at(secret, "metadata",
                                "name"));
                    }
                }
            }
        }
    }

    /** kustomize passes a misspelt field through untouched; the schema check on its output catches it. */
    @Test
    void catchesAMisspeltFieldInWhatKustomizeRenders(@TempDir Path temp) throws Exception {
        Path dir = copy(Files.createDirectory(temp.resolve("k8s")), "token=" + randomToken() + "\n");
        String gateway = Files.readString(dir.resolve("gateway.yaml"));
        assertThat(gateway).contains("imagePullPolicy:");
        Files.writeString(dir.resolve("gateway.yaml"), gateway.replace("imagePullPolicy:", "imagePullpolicy:"));
        Run run = kustomize(dir);
        assertThat(run.exit()).as("kubectl kustomize: %s", run.err()).isZero();
        List<String> problems = new ArrayList<>();
        documents(run.out()).forEach(doc -> KubernetesSchema.read(doc, String.valueOf(doc.get("kind")), problems));
        assertThat(problems).singleElement().asString().startsWith("Deployment: not valid as apps/v1/Deployment")
                .contains("Unrecognized field \"imagePullpolicy\"");
    }
}
