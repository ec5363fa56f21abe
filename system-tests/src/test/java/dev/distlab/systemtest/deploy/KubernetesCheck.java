package dev.distlab.systemtest.deploy;

import static dev.distlab.systemtest.deploy.Settings.at;
import static dev.distlab.systemtest.deploy.Settings.map;
import static dev.distlab.systemtest.deploy.Settings.seq;
import static dev.distlab.systemtest.deploy.Settings.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the manifests in k8s/ for what would break a deployment without an error at startup: member lists
 * and their DNS names, the instance id each pod derives from its ordinal, the gateway's and coordinator's
 * instance lists, the token, volumes, probes. The participants' shell wrapper is run for real with
 * {@code /bin/sh} (its final {@code exec} replaced by a printf of the arguments) when {@code runScripts} is set.
 */
final class KubernetesCheck {

    static final String READINESS = "/actuator/health/readiness";
    static final String LIVENESS = "/actuator/health/liveness";

    private static final Pattern K8S_VARIABLE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

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

    /** Problems of the k8s/ files, given as file name to text (kustomization.yaml included). */
    static List<String> problems(Map<String, String> files, Dockerfile dockerfile, Set<String> modules,
            boolean runScripts) {
        KubernetesCheck check = new KubernetesCheck(files, dockerfile, modules, runScripts);
        check.run();
        return check.problems.stream().distinct().toList();
    }

    private void run() {
        String kustomizationText = files.get("kustomization.yaml");
        if (kustomizationText == null) {
            problems.add("no kustomization.yaml");
            return;
        }
        Object kustomization = Repo.yaml(kustomizationText);
        List<String> listed = seq(at(kustomization, "resources")).stream().map(String::valueOf).toList();
        Set<String> present = new TreeSet<>(files.keySet());
        present.remove("kustomization.yaml");
        if (!new TreeSet<>(listed).equals(present)) {
            problems.add("kustomization.yaml lists " + listed + " but k8s/ holds " + present);
        }
        for (String file : listed) {
            if (files.containsKey(file)) {
                Repo.yamlDocuments(files.get(file)).forEach(doc -> resources.add(new Resource(file, map(doc))));
            }
        }
        checkNamespace(text(at(kustomization, "namespace")));
        List<Workload> workloads = workloads();
        checkImages(kustomization, workloads);
        String[] tokenRef = tokenSecret();
        for (Workload workload : workloads) {
            checkPod(workload, tokenRef);
        }
        List<Workload> participants = of(workloads, ComposeCheck.PARTICIPANT);
        List<Workload> coordinators = of(workloads, ComposeCheck.COORDINATOR);
        List<Workload> gateways = of(workloads, ComposeCheck.GATEWAY);
        if (participants.size() != 1 || !"StatefulSet".equals(participants.get(0).resource().kind())) {
            problems.add("expected the participants as one StatefulSet, found " + participants.size() + " workloads");
            return;
        }
        if (coordinators.isEmpty() || gateways.size() != 1) {
            problems.add("expected at least one coordinator and one gateway workload");
            return;
        }
        List<String> members = checkParticipants(participants.get(0));
        Map<String, String> participantInstances = Settings.numbered("participant", members);
        Map<String, String> coordinatorInstances = new LinkedHashMap<>();
        Map<String, List<String>> coordinatorPeers = new LinkedHashMap<>();
        for (Workload coordinator : coordinators) {
            checkCoordinator(coordinator, participantInstances, coordinatorInstances, coordinatorPeers);
        }
        checkCoordinatorPeers(coordinatorInstances, coordinatorPeers);
        checkGateway(gateways.get(0), participantInstances, coordinatorInstances);
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
        checkProbe(where, container, "readinessProbe", READINESS);
        checkProbe(where, container, "livenessProbe", LIVENESS);
        if (container.containsKey("startupProbe")) {
            checkProbe(where, container, "startupProbe", LIVENESS);
        }
        for (String path : List.of("requests.cpu", "requests.memory", "limits.memory")) {
            if (at(container.get("resources"), path.split("\\.")) == null) {
                problems.add(where + ": resources." + path + " is not set");
            }
        }
    }

    private void checkProbe(String where, Map<String, Object> container, String probe, String path) {
        Object httpGet = at(container, probe, "httpGet");
        if (!path.equals(text(at(httpGet, "path")))) {
            problems.add(where + ": " + probe + " must GET " + path + ", not " + at(httpGet, "path"));
        }
        if (!dockerfile.port().equals(containerPort(container, text(at(httpGet, "port"))))) {
            problems.add(where + ": " + probe + " port " + at(httpGet, "port") + " is not the service's port "
                    + dockerfile.port());
        }
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

    /** The participants' expected member list, after checking the StatefulSet, its Service and each pod. */
    private List<String> checkParticipants(Workload participants) {
        Resource set = participants.resource();
        Map<String, Object> spec = map(set.body().get("spec"));
        int replicas = spec.get("replicas") instanceof Integer n ? n : 1;
        int start = at(spec, "ordinals", "start") instanceof Integer n ? n : 0;
        if (replicas != 3 && replicas != 5) {
            problems.add(set.where() + ": replicas must be 3 or 5, not " + replicas);
        }
        if (!"Parallel".equals(spec.get("podManagementPolicy"))) {
            problems.add(set.where() + ": podManagementPolicy must be Parallel (with OrderedReady the second pod waits"
                    + " for the first to be ready, which needs a majority)");
        }
        String serviceName = text(spec.get("serviceName"));
        Resource headless = resources.stream()
                .filter(r -> "Service".equals(r.kind()) && r.name().equals(serviceName)).findFirst().orElse(null);
        String servicePort = null;
        if (headless == null) {
            problems.add(set.where() + ": no Service " + serviceName + " (its serviceName)");
        } else {
            if (!"None".equals(at(headless.body(), "spec", "clusterIP"))) {
                problems.add(headless.where() + ": must be headless (clusterIP: None) to give each pod a DNS name");
            }
            if (!Boolean.TRUE.equals(at(headless.body(), "spec", "publishNotReadyAddresses"))) {
                problems.add(headless.where() + ": publishNotReadyAddresses must be true: participants become ready"
                        + " only after they reach each other by name");
            }
            servicePort = selectedPort(headless, participants);
        }
        if (servicePort != null && !servicePort.equals(dockerfile.port())) {
            problems.add(headless.where() + ": a headless Service does not map ports, so its port must be the"
                    + " container's " + dockerfile.port());
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            members.add("http://" + set.name() + "-" + (start + i) + "." + serviceName + "." + namespace + ".svc:"
                    + dockerfile.port());
        }
        Set<String> claims = new TreeSet<>();
        seq(spec.get("volumeClaimTemplates")).forEach(claim -> claims.add(text(at(claim, "metadata", "name"))));
        if (runScripts) {
            for (int i = 0; i < replicas; i++) {
                checkParticipantPod(participants, set.name() + "-" + (start + i), i, members, claims);
            }
        }
        checkDisruptionBudget(participants, replicas);
        return members;
    }

    private void checkParticipantPod(Workload participants, String pod, int index, List<String> members,
            Set<String> claims) {
        String where = participants.resource().where() + " pod " + pod;
        Map<String, String> args = Settings.arguments(arguments(participants.container(), pod, where), where,
                problems);
        String expectedId = "participant-" + (index + 1);
        if (!expectedId.equals(args.get("platform.instance-id"))) {
            problems.add(where + ": instance id " + args.get("platform.instance-id") + ", expected " + expectedId
                    + " (member " + (index + 1) + " is " + members.get(index) + ")");
        }
        Settings.expect(args, "platform.replication.members", Settings::list, members, where, problems);
        List<String> peers = new ArrayList<>(members);
        peers.remove(index);
        Settings.expect(args, "platform.peers", Settings::list, peers, where, problems);
        String volume = dataVolume(participants, args, where);
        if (volume != null && !claims.contains(volume)) {
            problems.add(where + ": the data directory is on volume " + volume + ", not on a volumeClaimTemplate");
        }
    }

    private void checkDisruptionBudget(Workload participants, int replicas) {
        for (Resource budget : resources) {
            if ("PodDisruptionBudget".equals(budget.kind()) && selects(budget.body().get("spec"), participants)) {
                Object maxUnavailable = at(budget.body(), "spec", "maxUnavailable");
                if (!(maxUnavailable instanceof Integer n) || n > (replicas - 1) / 2) {
                    problems.add(budget.where() + ": maxUnavailable must be at most " + (replicas - 1) / 2
                            + " so that a drain keeps a majority");
                }
            }
        }
    }

    private void checkCoordinator(Workload coordinator, Map<String, String> participantInstances,
            Map<String, String> coordinatorInstances, Map<String, List<String>> coordinatorPeers) {
        Resource deployment = coordinator.resource();
        String where = deployment.where();
        Map<String, String> args = Settings.arguments(arguments(coordinator.container(), deployment.name(), where),
                where, problems);
        String id = args.get("platform.instance-id");
        if (id == null || !id.matches("coordinator-\\d+") || !id.equals(deployment.name())) {
            problems.add(where + ": --platform.instance-id must be coordinator-N and equal the Deployment's name, not "
                    + id);
        }
        Object replicas = at(deployment.body(), "spec", "replicas");
        if (replicas != null && !Integer.valueOf(1).equals(replicas)) {
            problems.add(where + ": replicas must be 1 (a coordinator is one instance with its own id and volume)");
        }
        if (!"Recreate".equals(at(deployment.body(), "spec", "strategy", "type"))) {
            problems.add(where + ": strategy must be Recreate, so that two pods never share the volume");
        }
        Settings.expect(args, "platform.bank.participants", Settings::instances, participantInstances, where,
                problems);
        String volume = dataVolume(coordinator, args, where);
        Object claim = volume == null ? null : seq(coordinator.pod().get("volumes")).stream()
                .filter(v -> volume.equals(text(at(v, "name")))).map(v -> at(v, "persistentVolumeClaim", "claimName"))
                .findFirst().orElse(null);
        if (volume != null && resources.stream().noneMatch(r -> "PersistentVolumeClaim".equals(r.kind())
                && r.name().equals(claim))) {
            problems.add(where + ": the data directory is not on a PersistentVolumeClaim of these files");
        }
        String url = serviceUrl(coordinator);
        if (url != null && id != null) {
            coordinatorInstances.put(id, url);
            coordinatorPeers.put(id, Settings.list(args.get("platform.peers")));
        }
    }

    /**
     * Each coordinator names every other coordinator's Service, and only those, in {@code --platform.peers}: it
     * answers GET /api/transactions/{id} for another's transaction only by asking it, and a peer that does not
     * exist would turn every unknown transaction into a 503.
     */
    private void checkCoordinatorPeers(Map<String, String> coordinatorInstances,
            Map<String, List<String>> coordinatorPeers) {
        coordinatorPeers.forEach((id, given) -> {
            List<String> expected = coordinatorInstances.entrySet().stream()
                    .filter(other -> !other.getKey().equals(id)).map(Map.Entry::getValue).toList();
            if (!new TreeSet<>(given).equals(new TreeSet<>(expected)) || given.size() != expected.size()) {
                problems.add("Deployment " + id + ": --platform.peers is " + given + ", expected " + expected
                        + " (every other coordinator's Service)");
            }
        });
    }

    private void checkGateway(Workload gateway, Map<String, String> participantInstances,
            Map<String, String> coordinatorInstances) {
        String where = gateway.resource().where();
        Map<String, String> args = Settings.arguments(arguments(gateway.container(), gateway.resource().name(), where),
                where, problems);
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

    /** The URL of the one ClusterIP Service in front of a workload, or null (and a problem). */
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
     * $(VAR) expansion), or, for a {@code /bin/sh -c} wrapper, what the wrapper passes to the entry point.
     */
    private List<String> arguments(Map<String, Object> container, String pod, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> entry : env(container).values()) {
            String value = text(entry.get("value"));
            if (value == null && "metadata.name".equals(at(entry, "valueFrom", "fieldRef", "fieldPath"))) {
                value = pod;
            }
            env.put(text(entry.get("name")), value == null ? "from-" + pod : value);
        }
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

    /** What the participants' wrapper passed to the entry point in one pod, and what went wrong. */
    record WrapperRun(List<String> args, List<String> problems) {
    }

    /** Runs the participants' wrapper as it would run in pod {@code pod}. */
    static WrapperRun runParticipantWrapper(Map<String, String> files, Dockerfile dockerfile, Set<String> modules,
            String pod) {
        KubernetesCheck check = new KubernetesCheck(files, dockerfile, modules, true);
        for (String file : files.keySet()) {
            if (!file.equals("kustomization.yaml")) {
                Repo.yamlDocuments(files.get(file)).forEach(doc -> check.resources.add(new Resource(file, map(doc))));
            }
        }
        List<String> args = new ArrayList<>();
        for (Workload workload : of(check.workloads(), ComposeCheck.PARTICIPANT)) {
            args.addAll(check.arguments(workload.container(), pod, pod));
        }
        return new WrapperRun(args, check.problems);
    }
}
