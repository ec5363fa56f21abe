package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.at;
import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static dev.distlab.deploy.Settings.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks docker-compose.yml for what would break a deployment without an error at startup: member lists,
 * instance ids, the gateway's and coordinator's instance lists, the token, volumes, health checks.
 * Works on the file as Compose sees it for a given environment and set of active profiles.
 */
final class ComposeCheck {

    static final String PARTICIPANT = "participant-service";
    static final String COORDINATOR = "coordinator-service";
    static final String GATEWAY = "gateway-service";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final String READINESS = "/actuator/health/readiness";
    private static final Pattern MEMORY = Pattern.compile("^(\\d+)([kKmMgG]?)[bB]?$");

    private final Map<String, Object> services = new TreeMap<>();
    /** Active services that are not the platform's (the monitoring profile's official images). */
    private final Map<String, Object> others = new TreeMap<>();
    private final Map<String, String> moduleOf = new TreeMap<>();
    private final Map<String, Map<String, String>> argsOf = new TreeMap<>();
    private final Map<String, Object> volumes;
    private final Dockerfile dockerfile;
    private final Set<String> modules;
    private final List<String> problems = new ArrayList<>();

    private ComposeCheck(Map<String, Object> compose, Set<String> profiles, Dockerfile dockerfile,
            Set<String> modules) {
        this.dockerfile = dockerfile;
        this.modules = modules;
        this.volumes = map(compose.get("volumes"));
        map(compose.get("services")).forEach((name, service) -> {
            List<Object> serviceProfiles = seq(at(service, "profiles"));
            if (serviceProfiles.isEmpty() || serviceProfiles.stream().anyMatch(profiles::contains)) {
                (isPlatform(service) ? services : others).put(name, service);
            }
        });
    }

    /** Problems of the compose file (already parsed) under the environment {@code env} and {@code profiles}. */
    static List<String> problems(Object compose, Map<String, String> env, Set<String> profiles, Dockerfile dockerfile,
            Set<String> modules) {
        List<String> interpolationProblems = new ArrayList<>();
        Object resolved = interpolate(compose, env, interpolationProblems);
        ComposeCheck check = new ComposeCheck(map(resolved), profiles, dockerfile, modules);
        check.problems.addAll(interpolationProblems);
        if (map(resolved).containsKey("name")) {
            check.problems.add("a top-level name: docker-compose v1 refuses the file; the project name belongs in "
                    + ".env (COMPOSE_PROJECT_NAME) or -p");
        }
        check.run();
        return check.problems.stream().distinct().toList();
    }

    /** A service of the platform: built here (build argument SERVICE) or one of the images distlab/... */
    static boolean isPlatform(Object service) {
        String image = text(at(service, "image"));
        return buildArgs(service).containsKey("SERVICE") || (image != null && image.startsWith("distlab/"));
    }

    /** Compose's variable substitution: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $$. */
    static Object interpolate(Object node, Map<String, String> env, List<String> problems) {
        if (node instanceof String text) {
            Matcher variable = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (variable.find()) {
                String replacement;
                if (variable.group().equals("$$")) {
                    replacement = "$";
                } else {
                    String value = env.get(variable.group(1));
                    String operator = variable.group(2);
                    boolean unset = value == null || (value.isEmpty() && operator != null && operator.startsWith(":"));
                    if (unset && operator != null && operator.endsWith("-")) {
                        value = variable.group(3);
                    } else if (unset && operator != null && operator.endsWith("?")) {
                        problems.add("variable " + variable.group(1) + " is required: " + variable.group(3));
                        value = "";
                    } else if (value == null) {
                        value = "";
                    }
                    replacement = value;
                }
                variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            variable.appendTail(out);
            return out.toString();
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, interpolate(value, env, problems)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(interpolate(item, env, problems)));
            return copy;
        }
        return node;
    }

    private void run() {
        services.forEach((name, service) -> moduleOf.put(name, module(name, service)));
        List<String> participants = named(PARTICIPANT, "participant");
        List<String> coordinators = named(COORDINATOR, "coordinator");
        List<String> gateways = moduleOf.entrySet().stream().filter(e -> GATEWAY.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (participants.size() != 3 && participants.size() != 5) {
            problems.add("expected 3 or 5 participants, found " + participants);
        }
        if (coordinators.isEmpty()) {
            problems.add("no coordinator");
        }
        if (gateways.size() != 1) {
            problems.add("expected one gateway, found " + gateways);
        }
        List<String> members = participants.stream().map(this::url).toList();
        Map<String, String> participantInstances = Settings.numbered("participant", members);
        Map<String, String> coordinatorInstances = new LinkedHashMap<>();
        coordinators.forEach(name -> coordinatorInstances.put(name, url(name)));

        Map<String, String> tokens = new TreeMap<>();
        Map<String, String> dataVolumes = new HashMap<>();
        for (String name : services.keySet()) {
            Object service = services.get(name);
            Map<String, String> args = Settings.arguments(command(name, service), name, problems);
            argsOf.put(name, args);
            String id = args.get("platform.instance-id");
            if (!name.equals(id)) {
                problems.add(name + ": --platform.instance-id is " + id + ", not the service name " + name);
            }
            if (args.containsKey("platform.cluster-token")) {
                problems.add(name + ": the token belongs in PLATFORM_CLUSTER_TOKEN, not in the command");
            }
            tokens.put(name, environment(service).get("PLATFORM_CLUSTER_TOKEN"));
            checkDataVolume(name, service, args, dataVolumes);
            checkHealthcheck(name, service);
            checkMemory(name, service);
        }
        checkTokens(tokens);
        // every container has a limit; the heap check only where JAVA_OPTS says what the JVM takes
        others.forEach((name, service) -> checkMemory(name, service));
        for (int i = 0; i < participants.size(); i++) {
            checkParticipant(participants.get(i), i, members);
        }
        for (String coordinator : coordinators) {
            checkCoordinator(coordinator, participants, participantInstances, coordinators);
        }
        for (String gateway : gateways) {
            checkGateway(gateway, participants, coordinators, participantInstances, coordinatorInstances);
        }
    }

    /** Services of one module, which must be named prefix-1..n in order. */
    private List<String> named(String module, String prefix) {
        List<String> names = moduleOf.entrySet().stream().filter(e -> module.equals(e.getValue()))
                .map(Map.Entry::getKey).sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(prefix + "-" + (i + 1))) {
                problems.add(module + " services must be named " + prefix + "-1.." + names.size() + ", found "
                        + names);
                break;
            }
        }
        return names;
    }

    private static int number(String name) {
        String digits = name.replaceAll("^.*?(\\d+)$", "$1");
        return digits.equals(name) ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    /** The module a service runs: its build argument SERVICE, which must agree with its image name. */
    private String module(String name, Object service) {
        String fromBuild = buildArgs(service).get("SERVICE");
        String image = text(at(service, "image"));
        String fromImage = image == null ? null : image.replaceAll(":[^/]*$", "").replaceAll("^.*/", "");
        if (fromBuild != null && !modules.contains(fromBuild)) {
            problems.add(name + ": build argument SERVICE=" + fromBuild + " is not one of the modules " + modules);
        }
        if (fromBuild != null && fromImage != null && !fromBuild.equals(fromImage)) {
            problems.add(name + ": builds " + fromBuild + " but is tagged " + image);
        }
        if (fromBuild != null) {
            String context = text(at(service, "build", "context"));
            if (!".".equals(context) && !"./".equals(context)) {
                problems.add(name + ": build context must be the repository root, not " + context);
            }
        }
        String module = fromBuild != null ? fromBuild : fromImage;
        if (module == null || !modules.contains(module)) {
            problems.add(name + ": cannot tell which module it runs (build arg SERVICE or image distlab/<module>)");
        }
        return module;
    }

    private static Map<String, String> buildArgs(Object service) {
        return keyValues(at(service, "build", "args"));
    }

    /**
     * A memory limit ({@code mem_limit}, which v1 and v2 both honour) that leaves the JVM at least
     * {@link KubernetesCheck#MIN_NON_HEAP} beside the heap its JAVA_OPTS give it: else the container is killed
     * before the heap is full.
     */
    private void checkMemory(String name, Object service) {
        String limit = text(at(service, "mem_limit"));
        if (limit == null) {
            problems.add(name + ": no mem_limit");
            return;
        }
        Matcher amount = MEMORY.matcher(limit.trim());
        if (!amount.matches()) {
            problems.add(name + ": mem_limit " + limit + " is not a size like 512m");
            return;
        }
        int shift = switch (amount.group(2).toLowerCase()) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(amount.group(1)) << shift;
        String javaOpts = environment(service).get("JAVA_OPTS");
        if (javaOpts == null && !isPlatform(service)) {
            return;
        }
        long heap = KubernetesCheck.heapBytes(javaOpts, bytes);
        if (bytes - heap < KubernetesCheck.MIN_NON_HEAP) {
            problems.add(name + ": mem_limit " + limit + " leaves less than " + (KubernetesCheck.MIN_NON_HEAP >> 20)
                    + " MiB beside the " + (heap >> 20) + " MiB heap");
        }
    }

    static Map<String, String> environment(Object service) {
        return keyValues(at(service, "environment"));
    }

    /** A map, or a list of KEY=VALUE, as Compose allows for environment and build args. */
    private static Map<String, String> keyValues(Object node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> values.put(String.valueOf(key), text(value)));
        }
        for (Object item : seq(node)) {
            String entry = String.valueOf(item);
            int eq = entry.indexOf('=');
            values.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
        }
        return values;
    }

    private List<String> command(String name, Object service) {
        Object command = at(service, "command");
        if (!(command instanceof List<?>)) {
            problems.add(name + ": command must be a list of --name=value arguments (a string is split by a shell"
                    + " rule and breaks on spaces)");
            return List.of();
        }
        return seq(command).stream().map(String::valueOf).toList();
    }

    private String url(String service) {
        return "http://" + service + ":" + dockerfile.port();
    }

    private void checkParticipant(String name, int index, List<String> members) {
        Map<String, String> args = argsOf.get(name);
        Settings.expect(args, "platform.replication.members", Settings::list, members, name, problems);
        Settings.expect(args, "platform.replication.peer-urls", Settings::list,
                Settings.onPeerPort(members, dockerfile.port()), name, problems);
        List<String> peers = new ArrayList<>(members);
        peers.remove(index);
        Settings.expect(args, "platform.peers", Settings::list, peers, name, problems);
        Map<String, String> dependsOn = dependsOn(name);
        for (String other : dependsOn.keySet()) {
            if (PARTICIPANT.equals(moduleOf.get(other))) {
                problems.add(name + " must not wait for " + other + ": participants get ready only together");
            }
        }
    }

    private void checkCoordinator(String name, List<String> participants, Map<String, String> expected,
            List<String> coordinators) {
        Map<String, String> args = argsOf.get(name);
        Settings.expect(args, "platform.bank.participants", Settings::instances, expected, name, problems);
        // a coordinator answers GET /api/transactions/{id} for another's transaction only by asking its peers
        List<String> peers = coordinators.stream().filter(other -> !other.equals(name)).map(this::url).toList();
        Settings.expect(args, "platform.peers", Settings::list, peers, name, problems);
        String mode = args.get("platform.bank.mode");
        if (mode != null && !mode.equals("paxos") && !mode.equals("local")) {
            problems.add(name + ": --platform.bank.mode must be paxos or local, not " + mode);
        }
        requireHealthyDependencies(name, participants);
    }

    private void checkGateway(String name, List<String> participants, List<String> coordinators,
            Map<String, String> participantInstances, Map<String, String> coordinatorInstances) {
        Map<String, String> args = argsOf.get(name);
        Settings.expect(args, "gateway.services.participant-service", Settings::instances, participantInstances,
                name, problems);
        Settings.expect(args, "gateway.services.coordinator-service", Settings::instances, coordinatorInstances,
                name, problems);
        requireHealthyDependencies(name, participants);
        if (!coordinators.isEmpty()) {
            requireHealthyDependencies(name, coordinators.subList(0, 1));
        }
        boolean published = seq(at(services.get(name), "ports")).stream().anyMatch(port -> {
            String spec = port instanceof Map<?, ?> ? text(at(port, "published")) + ":" + text(at(port, "target"))
                    : String.valueOf(port);
            return spec.endsWith(":" + dockerfile.port());
        });
        if (!published) {
            problems.add(name + ": its port " + dockerfile.port() + " is not published");
        }
    }

    private void requireHealthyDependencies(String name, List<String> required) {
        Map<String, String> dependsOn = dependsOn(name);
        for (String dependency : required) {
            if (!"service_healthy".equals(dependsOn.get(dependency))) {
                problems.add(name + ": must wait for " + dependency + " with depends_on condition service_healthy");
            }
        }
    }

    /** depends_on as service to condition (the list form means service_started). */
    private Map<String, String> dependsOn(String name) {
        Map<String, String> conditions = new LinkedHashMap<>();
        Object dependsOn = at(services.get(name), "depends_on");
        seq(dependsOn).forEach(service -> conditions.put(String.valueOf(service), "service_started"));
        map(dependsOn).forEach((service, spec) -> conditions.put(service, text(at(spec, "condition"))));
        conditions.keySet().stream().filter(service -> !services.containsKey(service)).forEach(service ->
                problems.add(name + ": depends on " + service + ", which is not an active service"));
        return conditions;
    }

    private void checkTokens(Map<String, String> tokens) {
        if (tokens.containsValue(null) || tokens.values().stream().anyMatch(String::isBlank)) {
            problems.add("every service needs PLATFORM_CLUSTER_TOKEN: " + tokens);
        } else if (tokens.values().stream().distinct().count() > 1) {
            problems.add("the services do not share one PLATFORM_CLUSTER_TOKEN: " + tokens);
        }
    }

    /** The data directory must be a named volume of its own, declared under volumes:. */
    private void checkDataVolume(String name, Object service, Map<String, String> args,
            Map<String, String> dataVolumes) {
        String dataDir = args.getOrDefault("platform.data-dir",
                environment(service).getOrDefault("PLATFORM_DATA_DIR", dockerfile.dataDir()));
        String volume = null;
        for (Object mount : seq(at(service, "volumes"))) {
            String source;
            String target;
            if (mount instanceof Map<?, ?>) {
                source = "volume".equals(text(at(mount, "type"))) ? text(at(mount, "source")) : null;
                target = text(at(mount, "target"));
            } else {
                String[] parts = String.valueOf(mount).split(":");
                source = parts.length > 1 ? parts[0] : null;
                target = parts.length > 1 ? parts[1] : parts[0];
            }
            if (target != null && Settings.withoutTrailingSlash(target).equals(dataDir) && source != null
                    && !source.startsWith(".") && !source.startsWith("/")) {
                volume = source;
            }
        }
        if (volume == null) {
            problems.add(name + ": its data directory " + dataDir + " is not on a named volume");
            return;
        }
        if (!volumes.containsKey(volume)) {
            problems.add(name + ": volume " + volume + " is not declared under volumes:");
        }
        String other = dataVolumes.put(volume, name);
        if (other != null) {
            problems.add(name + " and " + other + " share the data volume " + volume);
        }
    }

    private void checkHealthcheck(String name, Object service) {
        Object healthcheck = at(service, "healthcheck");
        if (Boolean.TRUE.equals(at(healthcheck, "disable"))) {
            problems.add(name + ": its health check is disabled");
            return;
        }
        Object test = at(healthcheck, "test");
        String command = test == null ? dockerfile.healthcheck() : String.join(" ", seq(test).stream()
                .map(String::valueOf).toList()) + (test instanceof String s ? s : "");
        if (command == null || !command.contains(READINESS)) {
            problems.add(name + ": its health check does not ask " + READINESS + " (" + command + ")");
        }
    }
}
