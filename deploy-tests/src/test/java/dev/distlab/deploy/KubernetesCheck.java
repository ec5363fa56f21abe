package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.at;
import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static dev.distlab.deploy.Settings.text;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Checks the files in k8s/ as {@code kubectl apply -k k8s/} would render them: every document (and the Secret
 * the kustomization generates) strictly against the Kubernetes schema ({@link KubernetesSchema}), and then what
 * would break a deployment without an error at startup: member lists and their DNS names, the instance id each
 * pod derives from its ordinal, the gateway's and coordinators' instance lists, the token (from a git-ignored
 * file, never a committed value), volumes, probes, resources against the JVM's heap, monitoring annotations. The
 * StatefulSets' shell wrappers are run for real with {@code /bin/sh} (their final {@code exec} replaced by a
 * printf of the arguments) when {@code runScripts} is set.
 */
final class KubernetesCheck {

    static final String READINESS = "/actuator/health/readiness";
    static final String LIVENESS = "/actuator/health/liveness";
    static final String PROMETHEUS = "/actuator/prometheus";
    /** What a JVM needs beside its heap (metaspace, code cache, thread stacks, direct buffers), at least. */
    static final long MIN_NON_HEAP = 200L << 20;

    private static final Pattern K8S_VARIABLE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern XMX = Pattern.compile("^-Xmx(\\d+)([kKmMgG]?)$");
    private static final Pattern RAM_PERCENTAGE = Pattern.compile("^-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)$");
    /** The JVM's heap without -Xmx or -XX:MaxRAMPercentage: a quarter of the container's memory. */
    private static final double DEFAULT_RAM_PERCENTAGE = 25;

    /** One parsed object and the file it came from. */
    record Resource(String file, Map<String, Object> body) {
        String kind() {
            return text(body.get("kind"));
        }

        String name() {
            return text(at(body, "metadata", "name"));
        }

        String where() {
            return file + " " + kind() + " " + name();
        }
    }

    /** A StatefulSet or Deployment, its pod spec, its single container and the module its image runs. */
    private record Workload(Resource resource, Map<String, Object> pod, Map<String, Object> container, String module) {
    }

    /** A StatefulSet's pods: their names and stable base URLs in ordinal order, and its claim templates. */
    private record Pods(List<String> names, List<String> urls, Set<String> claims) {
    }

    private final Map<String, String> files;
    private final Dockerfile dockerfile;
    private final Set<String> modules;
    private final boolean runScripts;
    private final List<Resource> resources = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String namespace;

    private KubernetesCheck(Map<String, String> files, Dockerfile dockerfile, Set<String> modules,
            boolean runScripts) {
        this.files = files;
        this.dockerfile = dockerfile;
        this.modules = modules;
        this.runScripts = runScripts;
    }

    /**
     * Problems of the k8s/ files, given as file name to text: the manifests, kustomization.yaml, .gitignore and the
     * examples of the files the user creates (never those files themselves).
     */
    static List<String> problems(Map<String, String> files, Dockerfile dockerfile, Set<String> modules,
            boolean runScripts) {
        KubernetesCheck check = new KubernetesCheck(files, dockerfile, modules, runScripts);
        check.run();
        return check.problems.stream().distinct().toList();
    }

    private static boolean isManifest(String file) {
        return (file.endsWith(".yaml") || file.endsWith(".yml")) && !file.equals("kustomization.yaml");
    }

    private void run() {
        String kustomizationText = files.get("kustomization.yaml");
        if (kustomizationText == null) {
            problems.add("no kustomization.yaml");
            return;
        }
        Object kustomization = Repo.yaml(kustomizationText);
        problems.addAll(KubernetesSchema.kustomizationProblems(kustomization));
        List<String> listed = seq(at(kustomization, "resources")).stream().map(String::valueOf).toList();
        Set<String> present = new TreeSet<>(files.keySet().stream().filter(KubernetesCheck::isManifest).toList());
        if (!new TreeSet<>(listed).equals(present)) {
            problems.add("kustomization.yaml lists " + listed + " but k8s/ holds " + present);
        }
        for (String file : listed) {
            if (files.containsKey(file)) {
                Repo.yamlDocuments(files.get(file)).forEach(doc -> resources.add(new Resource(file, map(doc))));
            }
        }
        checkCommittedSecrets();
        String kustomizationNamespace = text(at(kustomization, "namespace"));
        generateSecrets(kustomization, kustomizationNamespace);
        checkNamespace(kustomizationNamespace);
        for (Resource resource : resources) {
            KubernetesSchema.read(rendered(resource.body(), kustomization), resource.where(), problems);
        }
        List<Workload> workloads = workloads();
        checkImages(kustomization, workloads);
        String[] tokenRef = tokenSecret();
        for (Workload workload : workloads) {
            checkPod(workload, tokenRef);
        }
        List<Workload> participants = of(workloads, ComposeCheck.PARTICIPANT);
        List<Workload> coordinators = of(workloads, ComposeCheck.COORDINATOR);
        List<Workload> gateways = of(workloads, ComposeCheck.GATEWAY);
        if (!oneStatefulSet(participants, "participants") | !oneStatefulSet(coordinators, "coordinators")) {
            return;
        }
        if (gateways.size() != 1) {
            problems.add("expected one gateway workload, found " + gateways.size());
            return;
        }
        List<String> members = checkParticipants(participants.get(0));
        Map<String, String> participantInstances = Settings.numbered("participant", members);
        List<String> coordinatorUrls = checkCoordinators(coordinators.get(0), participantInstances);
        checkGateway(gateways.get(0), participantInstances, Settings.numbered("coordinator", coordinatorUrls));
    }

    private boolean oneStatefulSet(List<Workload> workloads, String what) {
        if (workloads.size() != 1 || !"StatefulSet".equals(workloads.get(0).resource().kind())) {
            problems.add("expected the " + what + " as one StatefulSet (stable names, a volume each), found "
                    + workloads.stream().map(w -> w.resource().where()).toList());
            return false;
        }
        return true;
    }

    /** No Secret in the repository holds a value: the token comes from a file the user creates. */
    private void checkCommittedSecrets() {
        for (Resource resource : resources) {
            if ("Secret".equals(resource.kind()) && (!map(resource.body().get("data")).isEmpty()
                    || !map(resource.body().get("stringData")).isEmpty())) {
                problems.add(resource.where() + ": a committed Secret value " + new TreeSet<>(
                        map(resource.body().get("stringData")).keySet()) + new TreeSet<>(
                        map(resource.body().get("data")).keySet()) + " is public: generate the Secret from a"
                        + " git-ignored file (kustomization.yaml secretGenerator envs)");
            }
        }
    }

    /**
     * kustomize's secretGenerator: each generated Secret joins the resources (as kustomize renders it, with a
     * stand-in value per key), after checking that its values come from git-ignored files whose committed
     * {@code .example} shows the keys with empty values, and never from literals in kustomization.yaml.
     */
    private void generateSecrets(Object kustomization, String kustomizationNamespace) {
        for (Object generator : seq(at(kustomization, "secretGenerator"))) {
            String name = text(at(generator, "name"));
            String where = "kustomization.yaml secretGenerator " + name;
            if (!seq(at(generator, "literals")).isEmpty()) {
                problems.add(where + ": literals put the Secret's value in the repository; read it from a"
                        + " git-ignored file (envs)");
            }
            if (!seq(at(generator, "files")).isEmpty()) {
                problems.add(where + ": use envs (a KEY=value file with an .example), not files");
            }
            if (!Boolean.TRUE.equals(at(generator, "options", "disableNameSuffixHash"))) {
                problems.add(where + ": options.disableNameSuffixHash must be true: a new token must not roll the"
                        + " participants one by one, since old and new ones could not form a majority");
            }
            List<String> envs = new ArrayList<>(seq(at(generator, "envs")).stream().map(String::valueOf).toList());
            if (at(generator, "env") != null) {
                envs.add(text(at(generator, "env")));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            for (String env : envs) {
                if (files.containsKey(env)) {
                    problems.add(where + ": " + env + " is among the repository's files; it must be created by the"
                            + " user and git-ignored");
                }
                if (!gitIgnored(env)) {
                    problems.add(where + ": " + env + " is not git-ignored (k8s/.gitignore), so a token put in it"
                            + " could be committed");
                }
                String example = files.get(env + ".example");
                if (example == null) {
                    problems.add(where + ": no " + env + ".example showing the format of " + env);
                    continue;
                }
                envFile(example).forEach((key, value) -> {
                    if (!value.isEmpty()) {
                        problems.add(where + ": " + env + ".example gives " + key + " a value; a committed example"
                                + " must leave it empty, or its value becomes everyone's token");
                    }
                    data.put(key, Base64.getEncoder().encodeToString(("value of " + key)
                            .getBytes(StandardCharsets.UTF_8)));
                });
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name);
            String own = text(at(generator, "namespace"));
            metadata.put("namespace", kustomizationNamespace != null ? kustomizationNamespace : own);
            if (at(generator, "options", "labels") != null) {
                metadata.put("labels", at(generator, "options", "labels"));
            }
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", metadata);
            secret.put("type", at(generator, "type") != null ? at(generator, "type") : "Opaque");
            secret.put("data", data);
            resources.add(new Resource("kustomization.yaml", secret));
        }
    }

    /** The pairs of an env file as kustomize reads it: KEY=value lines; blank lines and # comments skipped. */
    static Map<String, String> envFile(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : text.lines().map(String::stripLeading).toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                pairs.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
            }
        }
        return pairs;
    }

    /** Whether k8s/.gitignore ignores a file of k8s/ (patterns without slashes inside; * within a name). */
    private boolean gitIgnored(String file) {
        for (String line : files.getOrDefault(".gitignore", "").lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            String pattern = line.startsWith("/") ? line.substring(1) : line;
            if (file.matches(Pattern.quote(pattern).replace("*", "\\E[^/]*\\Q"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A resource as kustomize renders it, as far as the schema is concerned: the kustomization's namespace on
     * every namespaced object and its image names and tags on every container.
     */
    private static Map<String, Object> rendered(Map<String, Object> body, Object kustomization) {
        Map<String, Object> copy = map(copy(body));
        String kustomizationNamespace = text(at(kustomization, "namespace"));
        if (kustomizationNamespace != null && !"Namespace".equals(copy.get("kind"))) {
            map(copy.get("metadata")).put("namespace", kustomizationNamespace);
        }
        for (Object container : seq(at(copy, "spec", "template", "spec", "containers"))) {
            String image = text(at(container, "image"));
            for (Object entry : seq(at(kustomization, "images"))) {
                if (image != null && image.replaceAll(":[^/]*$", "").equals(text(at(entry, "name")))) {
                    String name = at(entry, "newName") != null ? text(at(entry, "newName")) : text(at(entry, "name"));
                    String tag = at(entry, "digest") != null ? "@" + at(entry, "digest")
                            : at(entry, "newTag") != null ? ":" + at(entry, "newTag") : "";
                    map(container).put("image", name + tag);
                }
            }
        }
        return copy;
    }

    /** A deep copy of a parsed YAML tree, so that rendering leaves the checked resources as they are written. */
    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> source) {
            Map<String, Object> copy = new LinkedHashMap<>();
            source.forEach((key, value) -> copy.put(String.valueOf(key), copy(value)));
            return copy;
        }
        if (node instanceof List<?> source) {
            return new ArrayList<>(source.stream().map(KubernetesCheck::copy).toList());
        }
        return node;
    }

    private void checkNamespace(String kustomizationNamespace) {
        List<Resource> namespaces = resources.stream().filter(r -> "Namespace".equals(r.kind())).toList();
        if (namespaces.size() != 1) {
            problems.add("expected one Namespace, found " + namespaces.size());
            return;
        }
        namespace = namespaces.get(0).name();
        if (kustomizationNamespace != null && !kustomizationNamespace.equals(namespace)) {
            problems.add("kustomization.yaml sets namespace " + kustomizationNamespace + ", the Namespace is "
                    + namespace);
        }
        for (Resource resource : resources) {
            String own = text(at(resource.body(), "metadata", "namespace"));
            if (!"Namespace".equals(resource.kind()) && !namespace.equals(own)) {
                problems.add(resource.where() + ": namespace " + own + ", expected " + namespace
                        + " (the DNS names in the member lists contain it)");
            }
        }
    }

    private List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Resource resource : resources) {
            if (!"StatefulSet".equals(resource.kind()) && !"Deployment".equals(resource.kind())) {
                continue;
            }
            Map<String, Object> pod = map(at(resource.body(), "spec", "template", "spec"));
            List<Object> containers = seq(pod.get("containers"));
            if (containers.size() != 1) {
                problems.add(resource.where() + ": expected one container, found " + containers.size());
                continue;
            }
            Map<String, Object> container = map(containers.get(0));
            String module = imageModule(text(container.get("image")));
            if (!modules.contains(module)) {
                problems.add(resource.where() + ": image " + container.get("image") + " is not distlab/<module> of"
                        + " one of " + modules);
            }
            workloads.add(new Workload(resource, pod, container, module));
        }
        return workloads;
    }

    private static String imageModule(String image) {
        return image == null ? null : image.replaceAll("[:@][^/]*$", "").replaceAll("^.*/", "");
    }

    private static List<Workload> of(List<Workload> workloads, String module) {
        return workloads.stream().filter(w -> module.equals(w.module())).toList();
    }

    /** kustomization's images: entries must name images the workloads use, or they change nothing. */
    private void checkImages(Object kustomization, List<Workload> workloads) {
        Set<String> used = new TreeSet<>();
        workloads.forEach(w -> used.add(text(w.container().get("image")).replaceAll(":[^/]*$", "")));
        for (Object image : seq(at(kustomization, "images"))) {
            if (!used.contains(text(at(image, "name")))) {
                problems.add("kustomization.yaml images: " + at(image, "name") + " is not an image of any workload "
                        + used);
            }
        }
    }

    /** The Secret (name, key) holding the token: the one Secret with a key named token. */
    private String[] tokenSecret() {
        List<String[]> secrets = new ArrayList<>();
        for (Resource resource : resources) {
            if ("Secret".equals(resource.kind())
                    && (at(resource.body(), "stringData", "token") != null
                            || at(resource.body(), "data", "token") != null)) {
                secrets.add(new String[] {resource.name(), "token"});
            }
        }
        if (secrets.size() != 1) {
            problems.add("expected one Secret with the key token, found " + secrets.size());
            return new String[] {null, null};
        }
        return secrets.get(0);
    }

    private void checkPod(Workload workload, String[] tokenRef) {
        String where = workload.resource().where();
        if (!Boolean.FALSE.equals(workload.pod().get("enableServiceLinks"))) {
            problems.add(where + ": enableServiceLinks must be false (Kubernetes would set <SERVICE>_PORT=tcp://..."
                    + " variables, which Spring reads as settings)");
        }
        if (!Boolean.TRUE.equals(at(workload.pod(), "securityContext", "runAsNonRoot"))) {
            problems.add(where + ": securityContext.runAsNonRoot must be true");
        }
        Map<String, Object> container = workload.container();
        Map<String, Object> token = env(container).get("PLATFORM_CLUSTER_TOKEN");
        if (token == null || tokenRef[0] == null
                || !tokenRef[0].equals(at(token, "valueFrom", "secretKeyRef", "name"))
                || !tokenRef[1].equals(at(token, "valueFrom", "secretKeyRef", "key"))) {
            problems.add(where + ": PLATFORM_CLUSTER_TOKEN must come from Secret " + tokenRef[0] + " key "
                    + tokenRef[1]);
        }
        checkAnnotations(workload, where);
        // every service is a Spring Boot JVM: its start takes long enough on a small node for a startup probe
        checkProbe(where, container, "startupProbe", LIVENESS);
        checkProbe(where, container, "readinessProbe", READINESS);
        checkProbe(where, container, "livenessProbe", LIVENESS);
        checkResources(where, container);
    }

    /** Prometheus' pod discovery (the prometheus.io/* convention) finds every instance at its metrics. */
    private void checkAnnotations(Workload workload, String where) {
        Map<String, Object> annotations = map(at(workload.resource().body(), "spec", "template", "metadata",
                "annotations"));
        Map<String, String> expected = Map.of("prometheus.io/scrape", "true",
                "prometheus.io/port", dockerfile.port(), "prometheus.io/path", PROMETHEUS);
        new TreeSet<>(expected.keySet()).forEach(key -> {
            if (!expected.get(key).equals(annotations.get(key))) {
                problems.add(where + ": the pod template's annotation " + key + " must be \"" + expected.get(key)
                        + "\", not " + annotations.get(key));
            }
        });
    }

    private void checkProbe(String where, Map<String, Object> container, String probe, String path) {
        if (!container.containsKey(probe)) {
            problems.add(where + ": " + probe + " is not set (it must GET " + path + ")");
            return;
        }
        Object httpGet = at(container, probe, "httpGet");
        if (!path.equals(text(at(httpGet, "path")))) {
            problems.add(where + ": " + probe + " must GET " + path + ", not " + at(httpGet, "path"));
        }
        if (!dockerfile.port().equals(containerPort(container, text(at(httpGet, "port"))))) {
            problems.add(where + ": " + probe + " port " + at(httpGet, "port") + " is not the service's port "
                    + dockerfile.port());
        }
    }

    /**
     * Requests and limits of CPU and memory, each request within its limit, and a memory limit that leaves the
     * JVM at least {@link #MIN_NON_HEAP} beside its heap (else the container is OOM-killed before the heap is
     * full, with no OutOfMemoryError to say why).
     */
    private void checkResources(String where, Map<String, Object> container) {
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        for (String path : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            Object value = at(container.get("resources"), path.split("\\."));
            if (value == null) {
                problems.add(where + ": resources." + path + " is not set");
                continue;
            }
            try {
                amounts.put(path, Quantity.getAmountInBytes(new Quantity(String.valueOf(value))));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": resources." + path + " " + value + " is not a quantity");
            }
        }
        for (String resource : List.of("cpu", "memory")) {
            BigDecimal request = amounts.get("requests." + resource);
            BigDecimal limit = amounts.get("limits." + resource);
            if (request != null && limit != null && request.compareTo(limit) > 0) {
                problems.add(where + ": resources.requests." + resource + " is above its limit");
            }
        }
        BigDecimal limit = amounts.get("limits.memory");
        if (limit == null) {
            return;
        }
        Map<String, Object> javaOpts = env(container).get("JAVA_OPTS");
        String options = javaOpts != null ? text(javaOpts.get("value")) : dockerfile.env().get("JAVA_OPTS");
        long heap = heapBytes(options, limit.longValue());
        if (limit.longValue() - heap < MIN_NON_HEAP) {
            problems.add(where + ": the memory limit " + (limit.longValue() >> 20) + " MiB leaves "
                    + ((limit.longValue() - heap) >> 20) + " MiB beside the heap of " + (heap >> 20) + " MiB (JAVA_OPTS "
                    + options + "); the JVM needs at least " + (MIN_NON_HEAP >> 20) + " MiB more than its heap");
        }
    }

    /** The largest heap the JVM takes with these options in a container of {@code limit} bytes (the last wins). */
    static long heapBytes(String javaOpts, long limit) {
        Long xmx = null;
        double percentage = DEFAULT_RAM_PERCENTAGE;
        for (String option : javaOpts == null ? new String[0] : javaOpts.trim().split("\\s+")) {
            Matcher size = XMX.matcher(option);
            Matcher share = RAM_PERCENTAGE.matcher(option);
            if (size.matches()) {
                int shift = switch (size.group(2).toLowerCase()) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
                xmx = Long.parseLong(size.group(1)) << shift;
            } else if (share.matches()) {
                percentage = Double.parseDouble(share.group(1));
            }
        }
        return xmx != null ? xmx : (long) (limit * percentage / 100);
    }

    /** The container port a name or number refers to, as text; null if the container has no such port. */
    private static String containerPort(Map<String, Object> container, String port) {
        for (Object declared : seq(container.get("ports"))) {
            String number = text(at(declared, "containerPort"));
            if (number != null && (number.equals(port) || String.valueOf(port).equals(text(at(declared, "name"))))) {
                return number;
            }
        }
        return null;
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        seq(container.get("env")).forEach(entry -> env.put(text(at(entry, "name")), map(entry)));
        return env;
    }

    /**
     * A StatefulSet's pods and their stable names behind its headless Service (pod N of set S behind Service H is
     * {@code S-N.H.<namespace>.svc}). {@code mustPublishNotReady}: the pods reach each other by name before any of
     * them is ready.
     */
    private Pods statefulPods(Workload workload, boolean mustPublishNotReady) {
        Resource set = workload.resource();
        Map<String, Object> spec = map(set.body().get("spec"));
        int replicas = spec.get("replicas") instanceof Integer n ? n : 1;
        int start = at(spec, "ordinals", "start") instanceof Integer n ? n : 0;
        String serviceName = text(spec.get("serviceName"));
        Resource headless = resources.stream()
                .filter(r -> "Service".equals(r.kind()) && r.name().equals(serviceName)).findFirst().orElse(null);
        if (headless == null) {
            problems.add(set.where() + ": no Service " + serviceName + " (its serviceName)");
        } else {
            if (!"None".equals(at(headless.body(), "spec", "clusterIP"))) {
                problems.add(headless.where() + ": must be headless (clusterIP: None) to give each pod a DNS name");
            }
            if (mustPublishNotReady && !Boolean.TRUE.equals(at(headless.body(), "spec", "publishNotReadyAddresses"))) {
                problems.add(headless.where() + ": publishNotReadyAddresses must be true: participants become ready"
                        + " only after they reach each other by name");
            }
            String servicePort = selectedPort(headless, workload);
            if (servicePort != null && !servicePort.equals(dockerfile.port())) {
                problems.add(headless.where() + ": a headless Service does not map ports, so its port must be the"
                        + " container's " + dockerfile.port());
            }
        }
        List<String> names = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            names.add(set.name() + "-" + (start + i));
            urls.add("http://" + names.get(i) + "." + serviceName + "." + namespace + ".svc:" + dockerfile.port());
        }
        Set<String> claims = new TreeSet<>();
        seq(spec.get("volumeClaimTemplates")).forEach(claim -> claims.add(text(at(claim, "metadata", "name"))));
        return new Pods(names, urls, claims);
    }

    /** The participants' member list, after checking the StatefulSet, its Service and each pod. */
    private List<String> checkParticipants(Workload participants) {
        Resource set = participants.resource();
        Map<String, Object> spec = map(set.body().get("spec"));
        Pods pods = statefulPods(participants, true);
        int replicas = pods.urls().size();
        if (replicas != 3 && replicas != 5) {
            problems.add(set.where() + ": replicas must be 3 or 5, not " + replicas);
        }
        if (!"Parallel".equals(spec.get("podManagementPolicy"))) {
            problems.add(set.where() + ": podManagementPolicy must be Parallel (with OrderedReady the second pod waits"
                    + " for the first to be ready, which needs a majority)");
        }
        if (runScripts) {
            for (int i = 0; i < replicas; i++) {
                checkParticipantPod(participants, pods, i);
            }
        }
        checkDisruptionBudget(participants, (replicas - 1) / 2, "so that a drain keeps a majority");
        return pods.urls();
    }

    private void checkParticipantPod(Workload participants, Pods pods, int index) {
        String pod = pods.names().get(index);
        String where = participants.resource().where() + " pod " + pod;
        Map<String, String> args = Settings.arguments(arguments(participants.container(), pod, where, Map.of()),
                where, problems);
        String expectedId = "participant-" + (index + 1);
        if (!expectedId.equals(args.get("platform.instance-id"))) {
            problems.add(where + ": instance id " + args.get("platform.instance-id") + ", expected " + expectedId
                    + " (member " + (index + 1) + " is " + pods.urls().get(index) + ")");
        }
        Settings.expect(args, "platform.replication.members", Settings::list, pods.urls(), where, problems);
        Settings.expect(args, "platform.replication.peer-urls", Settings::list,
                Settings.onPeerPort(pods.urls(), dockerfile.port()), where, problems);
        Settings.expect(args, "platform.peers", Settings::list, others(pods.urls(), index), where, problems);
        checkDataOnClaim(participants, pods, args, where);
    }

    /**
     * The coordinators' base URLs, after checking the StatefulSet and each pod: instance id coordinator-N from its
     * ordinal, every other coordinator as a peer (GET /api/transactions/{id} asks them for a transaction it does
     * not know; a peer that does not exist would turn each such answer into a 503), its own stable name as the URL
     * participants ask for decisions, every participant, and the data directory on its own claim.
     */
    private List<String> checkCoordinators(Workload coordinators, Map<String, String> participantInstances) {
        Pods pods = statefulPods(coordinators, false);
        if (runScripts) {
            for (int i = 0; i < pods.names().size(); i++) {
                String pod = pods.names().get(i);
                String where = coordinators.resource().where() + " pod " + pod;
                Map<String, String> args = Settings.arguments(arguments(coordinators.container(), pod, where,
                        Map.of()), where, problems);
                String expectedId = "coordinator-" + (i + 1);
                if (!expectedId.equals(args.get("platform.instance-id"))) {
                    problems.add(where + ": instance id " + args.get("platform.instance-id") + ", expected "
                            + expectedId);
                }
                Settings.expect(args, "platform.peers", Settings::list, others(pods.urls(), i), where, problems);
                Settings.expect(args, "platform.bank.coordinator-url", Settings::list, List.of(pods.urls().get(i)),
                        where, problems);
                Settings.expect(args, "platform.bank.participants", Settings::instances, participantInstances, where,
                        problems);
                checkDataOnClaim(coordinators, pods, args, where);
            }
        }
        checkDisruptionBudget(coordinators, Math.max(1, pods.names().size() - 1),
                "so that a drain keeps a coordinator");
        return pods.urls();
    }

    private static List<String> others(List<String> urls, int index) {
        List<String> others = new ArrayList<>(urls);
        others.remove(index);
        return others;
    }

    private void checkDataOnClaim(Workload workload, Pods pods, Map<String, String> args, String where) {
        String volume = dataVolume(workload, args, where);
        if (volume != null && !pods.claims().contains(volume)) {
            problems.add(where + ": the data directory is on volume " + volume + ", not on a volumeClaimTemplate");
        }
    }

    private void checkDisruptionBudget(Workload workload, int most, String why) {
        for (Resource budget : resources) {
            if ("PodDisruptionBudget".equals(budget.kind()) && selects(budget.body().get("spec"), workload)) {
                Object maxUnavailable = at(budget.body(), "spec", "maxUnavailable");
                if (!(maxUnavailable instanceof Integer n) || n > most) {
                    problems.add(budget.where() + ": maxUnavailable must be at most " + most + " " + why);
                }
            }
        }
    }

    private void checkGateway(Workload gateway, Map<String, String> participantInstances,
            Map<String, String> coordinatorInstances) {
        String where = gateway.resource().where();
        Map<String, String> args = Settings.arguments(arguments(gateway.container(), gateway.resource().name(), where,
                Map.of()), where, problems);
        Settings.expect(args, "gateway.services.participant-service", Settings::instances, participantInstances,
                where, problems);
        Settings.expect(args, "gateway.services.coordinator-service", Settings::instances, coordinatorInstances,
                where, problems);
        dataVolume(gateway, args, where);
        serviceUrl(gateway);
        for (Resource service : resources) {
            if ("Service".equals(service.kind()) && selects(service.body().get("spec"), gateway)) {
                Object type = at(service.body(), "spec", "type");
                if (type != null && !"ClusterIP".equals(type)) {
                    problems.add(service.where() + ": type ClusterIP expected (reach it with kubectl port-forward)");
                }
            }
        }
    }

    /** The URL of the one Service in front of a workload, or null (and a problem). */
    private String serviceUrl(Workload workload) {
        List<Resource> services = resources.stream()
                .filter(r -> "Service".equals(r.kind()) && selects(r.body().get("spec"), workload)).toList();
        if (services.size() != 1) {
            problems.add(workload.resource().where() + ": expected one Service in front of it, found "
                    + services.size());
            return null;
        }
        Resource service = services.get(0);
        String port = selectedPort(service, workload);
        return port == null ? null : "http://" + service.name() + "." + namespace + ".svc:" + port;
    }

    /**
     * The Service's port that leads to the container's port, as text; null (and a problem) if none does or if the
     * Service also selects the pods of another workload.
     */
    private String selectedPort(Resource service, Workload workload) {
        for (Resource other : resources) {
            if (other != workload.resource() && ("StatefulSet".equals(other.kind()) || "Deployment".equals(other.kind()))
                    && selectsLabels(service.body().get("spec"), at(other.body(), "spec", "template", "metadata",
                            "labels"))) {
                problems.add(service.where() + ": also selects the pods of " + other.where());
            }
        }
        for (Object port : seq(at(service.body(), "spec", "ports"))) {
            String target = text(at(port, "targetPort"));
            String resolved = containerPort(workload.container(), target == null ? text(at(port, "port")) : target);
            if (dockerfile.port().equals(resolved)) {
                return text(at(port, "port"));
            }
        }
        problems.add(service.where() + ": no port leads to the container's port " + dockerfile.port());
        return null;
    }

    private static boolean selects(Object spec, Workload workload) {
        return selectsLabels(spec, at(workload.resource().body(), "spec", "template", "metadata", "labels"));
    }

    /** A Service's selector or a budget's selector.matchLabels, all of whose labels the pod carries. */
    private static boolean selectsLabels(Object spec, Object labels) {
        Map<String, Object> selector = map(at(spec, "selector"));
        if (selector.containsKey("matchLabels")) {
            selector = map(selector.get("matchLabels"));
        }
        Map<String, Object> podLabels = map(labels);
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(text(podLabels.get(e.getKey()))));
    }

    /** The volume the data directory is mounted from; null (and a problem) if it is not on a volume. */
    private String dataVolume(Workload workload, Map<String, String> args, String where) {
        String dataDir = args.get("platform.data-dir");
        if (dataDir == null) {
            Map<String, Object> entry = env(workload.container()).get("PLATFORM_DATA_DIR");
            dataDir = entry != null ? text(entry.get("value")) : dockerfile.dataDir();
        }
        for (Object mount : seq(workload.container().get("volumeMounts"))) {
            if (Settings.withoutTrailingSlash(String.valueOf(at(mount, "mountPath"))).equals(dataDir)) {
                return text(at(mount, "name"));
            }
        }
        problems.add(where + ": its data directory " + dataDir + " is not on a volume");
        return null;
    }

    /**
     * The Spring arguments the container's process gets in pod {@code pod}: its args (after Kubernetes'
     * $(VAR) expansion), or, for a {@code /bin/sh -c} wrapper, what the wrapper passes to the entry point. A
     * variable from a Secret or the downward API gets a stand-in value unless {@code overrides} gives one.
     */
    private List<String> arguments(Map<String, Object> container, String pod, String where,
            Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> entry : env(container).values()) {
            String value = text(entry.get("value"));
            if (value == null && "metadata.name".equals(at(entry, "valueFrom", "fieldRef", "fieldPath"))) {
                value = pod;
            }
            env.put(text(entry.get("name")), value == null ? "from-" + pod : value);
        }
        env.putAll(overrides);
        List<String> command = seq(container.get("command")).stream().map(String::valueOf).toList();
        List<String> args = seq(container.get("args")).stream().map(arg -> expand(String.valueOf(arg), env)).toList();
        if (command.isEmpty()) {
            return args;
        }
        if (!List.of("/bin/sh", "-c").equals(command) || args.size() != 1) {
            problems.add(where + ": command must be empty (the image's entry point) or [/bin/sh, -c] with one script");
            return List.of();
        }
        String entrypoint = "exec " + String.join(" ", dockerfile.entrypoint());
        if (!args.get(0).contains(entrypoint)) {
            problems.add(where + ": the wrapper must end with '" + entrypoint + " ...' so the service gets SIGTERM");
            return List.of();
        }
        return runScript(args.get(0).replace(entrypoint, "exec printf '%s\\n'"), env, where);
    }

    /** Kubernetes' expansion of command and args: $(VAR) for a variable of the container, $$ for $. */
    static String expand(String text, Map<String, String> env) {
        Matcher variable = K8S_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String replacement = variable.group().equals("$$") ? "$"
                    : env.getOrDefault(variable.group(1), variable.group());
            variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        variable.appendTail(out);
        return out.toString();
    }

    private List<String> runScript(String script, Map<String, String> env, String where) {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                problems.add(where + ": the wrapper did not finish");
                return List.of();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                problems.add(where + ": the wrapper failed (" + process.exitValue() + "): " + err.trim());
                return List.of();
            }
            return out.lines().filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            problems.add(where + ": cannot run the wrapper: " + e);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** What a StatefulSet's wrapper passed to the entry point in one pod, and what went wrong. */
    record WrapperRun(List<String> args, List<String> problems) {
    }

    /**
     * Runs the wrapper of the workload whose image is {@code module} as it would run in pod {@code pod}, with the
     * container's variables as the manifests set them, changed by {@code overrides}.
     */
    static WrapperRun runWrapper(Map<String, String> files, Dockerfile dockerfile, Set<String> modules,
            String module, String pod, Map<String, String> overrides) {
        KubernetesCheck check = new KubernetesCheck(files, dockerfile, modules, true);
        for (String file : files.keySet()) {
            if (isManifest(file)) {
                Repo.yamlDocuments(files.get(file)).forEach(doc -> check.resources.add(new Resource(file, map(doc))));
            }
        }
        List<String> args = new ArrayList<>();
        for (Workload workload : of(check.workloads(), module)) {
            args.addAll(check.arguments(workload.container(), pod, pod, overrides));
        }
        return new WrapperRun(args, check.problems);
    }
}
