package dev.distlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The root Dockerfile and .dockerignore: the build argument, the runtime image's defaults, the context. */
class DockerfileTest {

    private static final Path ROOT = Repo.root();
    private static final Dockerfile DOCKERFILE = Dockerfile.parse(Repo.read(ROOT.resolve("Dockerfile")));
    private static final String PREBUILT_TEXT = Repo.read(ROOT.resolve("docker/Dockerfile.prebuilt"));
    private static final Dockerfile PREBUILT = Dockerfile.parse(PREBUILT_TEXT);
    /** The image build step that makes the class-data archive (docker/cds-archive.sh). */
    private static final String ARCHIVE_STEP = "RUN /app/cds-archive.sh";
    private static final Set<String> SERVICES = Repo.serviceModules(ROOT);

    @Test
    void buildArgumentDefaultsToAndAcceptsExactlyTheServiceModules() {
        assertThat(SERVICES).containsExactlyInAnyOrder(ComposeCheck.PARTICIPANT, ComposeCheck.COORDINATOR,
                ComposeCheck.GATEWAY);
        assertThat(SERVICES).contains(DOCKERFILE.serviceArgDefault());
        assertThat(DOCKERFILE.serviceChoices()).as("the SERVICE values the build accepts")
                .containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void buildsTheRunnableJarOfTheReposJavaVersion() {
        String rootPom = Repo.read(ROOT.resolve("pom.xml"));
        Matcher java = Pattern.compile("<java.version>(\\d+)</java.version>").matcher(rootPom);
        assertThat(java.find()).isTrue();
        assertThat(DOCKERFILE.baseImages()).containsExactly("eclipse-temurin:" + java.group(1) + "-jdk",
                "eclipse-temurin:" + java.group(1) + "-jre");
        assertThat(rootPom).as("the services' runnable jar is classified exec").contains("<classifier>exec</classifier>");
        assertThat(String.join("\n", DOCKERFILE.runInstructions()))
                .contains("./mvnw").contains("-pl \"$SERVICE\" -am").contains("-exec.jar");
    }

    @Test
    void runsAsANonRootUserWithItsDataOnAVolumeAndChecksReadiness() {
        assertThat(DOCKERFILE.user()).matches("\\d+(:\\d+)?").doesNotStartWith("0");
        assertThat(DOCKERFILE.dataDir()).isNotBlank();
        assertThat(DOCKERFILE.volumes()).contains(DOCKERFILE.dataDir());
        assertThat(DOCKERFILE.env()).containsKeys("SERVER_PORT", "JAVA_OPTS");
        assertThat(DOCKERFILE.healthcheck()).contains(KubernetesCheck.READINESS);
        assertThat(DOCKERFILE.entrypoint()).containsExactly("/app/entrypoint.sh");
        // java replaces the shell (PID 1, SIGTERM), with the user's JVM options unquoted (split on spaces)
        assertThat(Repo.read(ROOT.resolve("docker/entrypoint.sh")))
                .containsPattern("(?m)^exec java (\\S+ )?\\$\\{JAVA_OPTS:-} -jar ");
        assertThat(ROOT.resolve("docker/healthcheck.sh")).isRegularFile();
    }

    /**
     * docker/Dockerfile.prebuilt (images from jars built on the host) makes an image that runs like the
     * multi-stage one, and stays buildable by the classic builder that docker-compose v1 uses.
     */
    @Test
    void prebuiltImageRunsLikeTheBuiltOneWithoutBuildKit() {
        String text = PREBUILT_TEXT;
        Dockerfile prebuilt = PREBUILT;
        assertThat(prebuilt.user()).isEqualTo(DOCKERFILE.user());
        assertThat(prebuilt.volumes()).isEqualTo(DOCKERFILE.volumes());
        assertThat(prebuilt.healthcheck()).isEqualTo(DOCKERFILE.healthcheck());
        assertThat(prebuilt.entrypoint()).isEqualTo(DOCKERFILE.entrypoint());
        assertThat(prebuilt.env()).isEqualTo(DOCKERFILE.env());
        assertThat(prebuilt.lastStage()).as("the class-data archive made the same way").contains(ARCHIVE_STEP);
        assertThat(DOCKERFILE.lastStage()).contains(ARCHIVE_STEP);
        assertThat(prebuilt.baseImages()).containsExactly("${BASE_IMAGE}");
        assertThat(text).doesNotContainPattern("(?m)^#\\s*syntax=");
        String instructions = text.replaceAll("(?m)^\\s*#.*$", "");
        assertThat(instructions).doesNotContain("--mount").doesNotContain("--chmod");
        assertThat(Repo.read(ROOT.resolve("docker/prebuilt-images.sh"))).contains("docker/Dockerfile.prebuilt")
                .contains("BASE_IMAGE=").contains("-exec.jar").contains("docker/cds-archive.sh");
    }

    /**
     * Both images make the class-data archive as root (before USER), after the jar and the environment it
     * trains with are in place; the entry point starts from it only where it exists, never with -Xshare:on (an
     * archive the JVM cannot use must not stop the service).
     */
    @Test
    void bothImagesMakeTheClassDataArchiveAsRootAfterTheJar() {
        for (Dockerfile dockerfile : List.of(DOCKERFILE, PREBUILT)) {
            int archive = dockerfile.lastStageIndexOf(ARCHIVE_STEP);
            assertThat(archive).as("%s in %s", ARCHIVE_STEP, dockerfile.lastStage()).isNotNegative();
            assertThat(dockerfile.lastStageIndexOf("USER ")).isGreaterThan(archive);
            assertThat(dockerfile.lastStageIndexOf("ENV SERVICE=")).isBetween(0, archive);
            int jar = Math.max(dockerfile.lastStageIndexOf("COPY --from=build /app.jar /app/"),
                    dockerfile.lastStageIndexOf("COPY app/ /app/"));
            assertThat(jar).isBetween(0, archive);
        }
        assertThat(ROOT.resolve("docker/cds-archive.sh")).isExecutable();
        String script = Repo.read(ROOT.resolve("docker/cds-archive.sh"));
        assertThat(script).contains("dir=/app/cds").contains("-XX:ArchiveClassesAtExit=\"$dir/app.jsa\"")
                .contains("-Dspring.context.exit=onRefresh").contains("--server.port=0");
        String entrypoint = Repo.read(ROOT.resolve("docker/entrypoint.sh"));
        assertThat(entrypoint).contains("[ -s /app/cds/app.jsa ]").contains("-XX:SharedArchiveFile=/app/cds/app.jsa")
                .contains("jar=/app/cds/app.jar").doesNotContain("-Xshare:on");
    }

    @Test
    void contextKeepsTheBuildInputsAndLeavesOutBuildOutputAndClusterState() {
        List<String> patterns = Repo.read(ROOT.resolve(".dockerignore")).lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<String> needed = new ArrayList<>(List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", "pom.xml",
                "docker/entrypoint.sh", "docker/healthcheck.sh", "docker/cds-archive.sh"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read(ROOT.resolve("pom.xml")));
        while (module.find()) {
            needed.add(module.group(1) + "/pom.xml");
            if (Files.isDirectory(ROOT.resolve(module.group(1)).resolve("src/main/java"))) {
                needed.add(module.group(1) + "/src/main/java/X.java");
            }
        }
        for (String path : needed) {
            assertThat(ignored(patterns, path)).as("%s left out of the build context", path).isFalse();
        }
        for (String path : List.of(".cluster/data/participant-1/x", ".git/HEAD", "participant-service/target/a.jar",
                "target/x")) {
            assertThat(ignored(patterns, path)).as("%s sent with the build context", path).isTrue();
        }
    }

    /** .dockerignore's rule: the last pattern matching the path or one of its parent directories decides. */
    static boolean ignored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String raw : patterns) {
            boolean exception = raw.startsWith("!");
            String pattern = (exception ? raw.substring(1) : raw).replaceAll("^/+", "").replaceAll("/+$", "");
            Pattern regex = Pattern.compile(globToRegex(pattern));
            for (String prefix = path; !prefix.isEmpty(); prefix = parent(prefix)) {
                if (regex.matcher(prefix).matches()) {
                    ignored = !exception;
                    break;
                }
            }
        }
        return ignored;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
