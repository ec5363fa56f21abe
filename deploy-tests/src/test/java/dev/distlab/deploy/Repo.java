package dev.distlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's deployment files, found from the working directory of the test. */
public final class Repo {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private Repo() {
    }

    /** The repository root: the nearest directory upwards with ./mvnw and system-tests/. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("system-tests"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and system-tests/) above " + start);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML text, as maps, lists and scalars; duplicate keys are an error. */
    static List<Object> yamlDocuments(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(text)) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    /** A file of the repository as text (for the tests of other packages). */
    public static String readString(Path file) {
        return read(file);
    }

    static Object yaml(String text) {
        List<Object> documents = yamlDocuments(text);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    /**
     * The service modules of the root pom: named {@code *-service} and building a runnable jar (they use
     * spring-boot-maven-plugin). The verifier builds one too, but it is a tool run beside the platform, not a
     * service deployed in it.
     */
    static Set<String> serviceModules(Path root) {
        Set<String> services = new TreeSet<>();
        Matcher modules = MODULE.matcher(read(root.resolve("pom.xml")));
        while (modules.find()) {
            String module = modules.group(1).trim();
            Path pom = root.resolve(module).resolve("pom.xml");
            if (module.endsWith("-service") && Files.isRegularFile(pom)
                    && read(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>")) {
                services.add(module);
            }
        }
        return services;
    }
}
