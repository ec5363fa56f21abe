package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.at;
import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static dev.distlab.deploy.Settings.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml's monitoring profile against the files it mounts: Prometheus's configuration scrapes every
 * platform service of the file (in any profile) by its service name, in the job of its kind, and its rule files
 * are mounted beside it; Grafana's provisioning names the Prometheus service and a dashboard directory where a
 * dashboard is mounted, whose panels use the provisioned data source; every platform service has the Zipkin
 * endpoint variable.
 */
final class MonitoringCheck {

    static final String PROFILE = "monitoring";
    static final String ZIPKIN_VARIABLE = "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT";
    /** The job of each kind of service, as alerts.yml names them. */
    static final Map<String, String> JOBS = Map.of(ComposeCheck.PARTICIPANT, "participants",
            ComposeCheck.COORDINATOR, "coordinators", ComposeCheck.GATEWAY, "gateway");

    private final Path root;
    private final String port;
    private final Map<String, Object> services;
    private final List<String> problems = new ArrayList<>();

    private MonitoringCheck(Path root, String port, Map<String, Object> services) {
        this.root = root;
        this.port = port;
        this.services = services;
    }

    /** Problems of the (parsed) compose file's monitoring profile; mounted files are read below {@code root}. */
    static List<String> problems(Object compose, Path root, Dockerfile dockerfile) {
        List<String> interpolation = new ArrayList<>();
        Object resolved = ComposeCheck.interpolate(compose, Map.of(), interpolation);
        MonitoringCheck check = new MonitoringCheck(root, dockerfile.port(), map(at(resolved, "services")));
        check.problems.addAll(interpolation);
        check.run();
        return check.problems.stream().distinct().toList();
    }

    private void run() {
        for (String name : List.of("prometheus", "grafana", "zipkin")) {
            if (!seq(at(services.get(name), "profiles")).contains(PROFILE)) {
                problems.add(name + ": no service of the profile " + PROFILE);
            }
        }
        Map<String, Set<String>> scraped = scraped();
        services.forEach((name, service) -> {
            if (!ComposeCheck.isPlatform(service)) {
                return;
            }
            String job = JOBS.get(module(service));
            if (!scraped.getOrDefault(job, Set.of()).contains(name)) {
                problems.add(name + ": Prometheus does not scrape it in job " + job + " (scraped: " + scraped + ")");
            }
            if (!ComposeCheck.environment(service).containsKey(ZIPKIN_VARIABLE)) {
                problems.add(name + ": no " + ZIPKIN_VARIABLE + " in its environment");
            }
        });
        checkGrafana();
    }

    private static String module(Object service) {
        String image = String.valueOf(text(at(service, "image")));
        return image.replaceAll(":[^/]*$", "").replaceAll("^.*/", "");
    }

    /** Job → service names Prometheus scrapes on the services' port: static targets and DNS names. */
    private Map<String, Set<String>> scraped() {
        Object prometheus = services.get("prometheus");
        String configFile = "/etc/prometheus/prometheus.yml";
        for (Object argument : seq(at(prometheus, "command"))) {
            if (String.valueOf(argument).startsWith("--config.file=")) {
                configFile = String.valueOf(argument).substring("--config.file=".length());
            }
        }
        Map<String, Path> mounts = mounts(prometheus);
        Path config = mounts.get(configFile);
        Map<String, Set<String>> scraped = new TreeMap<>();
        if (config == null || !Files.isRegularFile(config)) {
            problems.add("prometheus: its --config.file " + configFile + " is not a file of the repository mounted "
                    + "there (mounts: " + mounts + ")");
            return scraped;
        }
        Object yaml = Repo.yaml(Repo.read(config));
        String configDir = configFile.substring(0, configFile.lastIndexOf('/') + 1);
        for (Object rules : seq(at(yaml, "rule_files"))) {
            String target = String.valueOf(rules).startsWith("/") ? String.valueOf(rules) : configDir + rules;
            if (!mounts.containsKey(target)) {
                problems.add("prometheus: rule file " + rules + " is not mounted at " + target);
            }
        }
        for (Object job : seq(at(yaml, "scrape_configs"))) {
            Set<String> names = scraped.computeIfAbsent(text(at(job, "job_name")), j -> new TreeSet<>());
            for (Object staticConfig : seq(at(job, "static_configs"))) {
                for (Object target : seq(at(staticConfig, "targets"))) {
                    String[] hostPort = String.valueOf(target).split(":");
                    if (hostPort.length == 2 && hostPort[1].equals(port)) {
                        names.add(hostPort[0]);
                    }
                }
            }
            for (Object dns : seq(at(job, "dns_sd_configs"))) {
                if (port.equals(text(at(dns, "port")))) {
                    seq(at(dns, "names")).forEach(name -> names.add(String.valueOf(name)));
                }
            }
        }
        return scraped;
    }

    /**
     * Grafana: a data source at the Prometheus service, dashboard providers whose path is where compose mounts a
     * directory of dashboards, and panels that use a provisioned data source.
     */
    private void checkGrafana() {
        Map<String, Path> mounts = mounts(services.get("grafana"));
        Path provisioning = mounts.get("/etc/grafana/provisioning");
        if (provisioning == null || !Files.isDirectory(provisioning)) {
            problems.add("grafana: no provisioning directory of the repository mounted at /etc/grafana/provisioning");
            return;
        }
        Set<String> uids = new TreeSet<>();
        for (Object datasource : documents(provisioning.resolve("datasources"), "datasources")) {
            uids.add(text(at(datasource, "uid")));
            String url = text(at(datasource, "url"));
            if (!("http://prometheus:9090").equals(url) || !services.containsKey("prometheus")) {
                problems.add("grafana: data source " + text(at(datasource, "name")) + " is at " + url
                        + ", not the prometheus service (http://prometheus:9090)");
            }
        }
        List<Object> providers = documents(provisioning.resolve("dashboards"), "providers");
        if (providers.isEmpty()) {
            problems.add("grafana: no dashboard provider under " + root.relativize(provisioning.resolve("dashboards")));
        }
        for (Object provider : providers) {
            String path = text(at(provider, "options", "path"));
            Path dashboards = mounts.get(path);
            List<Path> files = dashboards == null ? List.of() : jsonFiles(dashboards);
            if (files.isEmpty()) {
                problems.add("grafana: provider " + text(at(provider, "name")) + " reads " + path
                        + ", where no directory of dashboards is mounted (mounts: " + mounts + ")");
            }
            for (Path file : files) {
                JsonNode dashboard = JsonMapper.builder().build().readTree(Repo.read(file));
                dashboard.path("panels").forEach(panel -> {
                    String uid = panel.path("datasource").path("uid").asString(null);
                    if (!"row".equals(panel.path("type").asString()) && !uids.contains(uid)) {
                        problems.add("grafana: panel '" + panel.path("title").asString() + "' of " + file.getFileName()
                                + " uses data source " + uid + ", not a provisioned one " + uids);
                    }
                });
            }
        }
    }

    /** The items under {@code key} of every YAML file in {@code dir}. */
    private static List<Object> documents(Path dir, String key) {
        List<Object> items = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted()
                        .forEach(f -> items.addAll(seq(at(Repo.yaml(Repo.read(f)), key))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return items;
    }

    private static List<Path> jsonFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's bind mounts of repository paths ({@code ./...}): container path → path on this machine. */
    private Map<String, Path> mounts(Object service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (Object volume : seq(at(service, "volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && parts[0].startsWith("./")) {
                mounts.put(Settings.withoutTrailingSlash(parts[1]), root.resolve(parts[0]).normalize());
            }
        }
        return mounts;
    }
}
