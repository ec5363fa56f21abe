package dev.distlab.verify.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.verify.check.Verdict;
import dev.distlab.verify.cli.Options;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;
import dev.distlab.verify.nemesis.ClusterScript;
import dev.distlab.verify.nemesis.DropPartitions;
import dev.distlab.verify.nemesis.EndpointProcesses;
import dev.distlab.verify.nemesis.FaultEndpoints;
import dev.distlab.verify.nemesis.IptablesPartitions;
import dev.distlab.verify.nemesis.Nemesis;
import dev.distlab.verify.nemesis.Partitions;
import dev.distlab.verify.nemesis.Processes;
import dev.distlab.verify.nemesis.Schedule;
import dev.distlab.verify.nemesis.ScriptProcesses;
import dev.distlab.verify.nemesis.Step;
import dev.distlab.verify.report.ReportWriter;
import dev.distlab.verify.report.RunSummary;
import dev.distlab.verify.workload.Deadline;
import dev.distlab.verify.workload.Workload;
import dev.distlab.verify.workload.WorkloadContext;
import dev.distlab.verify.workload.Workloads;
import tools.jackson.databind.JsonNode;

/**
 * One verify run from start to verdict: finds the cluster, prepares the workloads, runs them under the
 * nemesis until the time is up, heals everything, runs the final phases, judges each workload's history and
 * writes the report. Returns the exit code: 0 valid, 1 an anomaly, 2 the run could not be made.
 */
public final class VerifyRun {

    public static final int VALID = 0;
    public static final int ANOMALY = 1;
    public static final int CANNOT_RUN = 2;

    private static final long CLIENT_JOIN_MS = 30_000;
    /** How long every instance may take to be ready again once the faults healed and the load stopped. */
    private static final long READY_MS = 120_000;

    private final Options options;
    private final Map<String, Supplier<Checker>> checkers;
    private final String envToken;
    private final PrintStream out;
    private final Http http = new Http();

    public VerifyRun(Options options, Map<String, Supplier<Checker>> checkers, String envToken, PrintStream out) {
        this.options = options;
        this.checkers = checkers;
        this.envToken = envToken;
        this.out = out;
    }

    public int run() {
        try {
            return runChecked();
        } catch (SetupException e) {
            out.println("verify: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    private int runChecked() throws SetupException {
        List<String> unchecked = options.workloads().stream().filter(w -> !checkers.containsKey(w)).toList();
        if (!unchecked.isEmpty()) {
            throw new SetupException("no checker is registered for " + String.join(", ", unchecked)
                    + " (see dev.distlab.verify.check.CheckerRegistry); a history nobody checks proves nothing");
        }
        String token = token();
        Topology topology;
        try {
            topology = Topology.discover(http, options.gateway());
        } catch (IOException | RuntimeException e) {
            throw new SetupException("cannot reach the cluster at " + options.gateway() + ": " + e.getMessage());
        }
        FaultEndpoints endpoints = new FaultEndpoints(http, token);
        ClusterScript script = options.local() ? new ClusterScript(options.clusterScript()) : null;
        Partitions partitions = partitions(script, endpoints);
        Processes processes = script != null ? new ScriptProcesses(script) : new EndpointProcesses(http, endpoints);
        requireToken(token, partitions);

        Path reportDir = reportDir();
        List<String> unsafe = unsafe(topology);
        out.printf("verify: %s under nemesis %s for %d s, %d clients each, seed %d%n",
                String.join(",", options.workloads()), options.nemesis(), options.timeSeconds(), options.concurrency(),
                options.seed());
        out.println("verify: " + topology.instances().size() + " instances, network faults: " + partitions.network()
                + (unsafe.isEmpty() ? "" : ", UNSAFE switches on: " + String.join(", ", unsafe)));
        Instant startedAt = Instant.now();
        try (Recorder recorder = new Recorder(Files.newBufferedWriter(reportDir.resolve("history.jsonl"),
                StandardCharsets.UTF_8))) {
            return load(topology, token, recorder, processes, partitions, endpoints, reportDir, unsafe, startedAt);
        } catch (IOException e) {
            throw new SetupException("cannot write the report in " + reportDir + ": " + e.getMessage());
        }
    }

    private int load(Topology topology, String token, Recorder recorder, Processes processes, Partitions partitions,
            FaultEndpoints endpoints, Path reportDir, List<String> unsafe, Instant startedAt) throws SetupException,
            IOException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        WorkloadContext context = new WorkloadContext(http, recorder, topology, token, runId, options.seed(),
                options.concurrency(), new AtomicInteger());
        List<Workload> workloads = new ArrayList<>();
        for (String name : options.workloads()) {
            Workload workload = Workloads.create(name, context);
            try {
                workload.setup();
            } catch (IOException | RuntimeException e) {
                throw new SetupException("cannot prepare the " + name + " workload: " + e.getMessage());
            }
            workloads.add(workload);
        }
        long runMs = options.timeSeconds() * 1000L;
        List<Step> steps = Schedule.plan(options.nemesis(), options.seed(), topology.participantIds(),
                ids(topology.withRole(Instance.Role.COORDINATOR)), ids(topology.instances()), runMs);
        Nemesis nemesis = new Nemesis(steps, topology, processes, partitions, endpoints, http, recorder, out::println);
        Deadline deadline = new Deadline(runMs * 1_000_000);
        Thread hook = new Thread(() -> {
            deadline.stop();
            nemesis.stop();
            nemesis.healAll(); // leave no process stopped, no partition, no fault behind on Ctrl-C
        }, "verify-heal-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);

        Thread nemesisThread = start("nemesis", nemesis);
        List<Thread> clients = new ArrayList<>();
        for (Workload workload : workloads) {
            List<Runnable> runnables = workload.clients(deadline);
            for (int i = 0; i < runnables.size(); i++) {
                clients.add(start(workload.name() + "-client-" + i, runnables.get(i)));
            }
        }
        Progress progress = new Progress(recorder, nemesis::active, out);
        Thread progressThread = start("progress", progress);
        while (deadline.running()) {
            sleep(100);
        }
        nemesis.stop(); // no window opens after the load; one being healed (a JVM starting) finishes first
        join(List.of(nemesisThread), 300_000);
        nemesis.healAll();
        join(clients, CLIENT_JOIN_MS);
        List<String> notReady = nemesis.awaitAllReady(READY_MS);
        if (!notReady.isEmpty()) {
            out.println("verify: still not ready " + READY_MS / 1000 + " s after every fault healed: "
                    + String.join(", ", notReady));
        }
        out.println("verify: load over and every fault healed; final phase (resolving unknown outcomes, final reads)");
        for (Workload workload : workloads) {
            workload.finish();
        }
        progress.stop();
        progressThread.interrupt();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook heals
        }

        Map<String, List<Integer>> processIds = new LinkedHashMap<>();
        workloads.forEach(w -> processIds.put(w.name(), w.processes()));
        Map<String, CheckResult> results = Verdict.judge(recorder, processIds, checkers);
        boolean valid = Verdict.valid(results);
        RunSummary summary = new RunSummary(valid, options.seed(), options.rerunCommand(), options.workloads(),
                options.nemesis(), partitions.network(), unsafe, startedAt,
                java.time.Duration.between(startedAt, Instant.now()).toMillis(), results, recorder.ops());
        ReportWriter.write(reportDir, summary);
        results.forEach((name, result) -> out.println("verify: " + name + " " + (result.valid() ? "valid"
                : "INVALID: " + result.anomalies().size() + " anomalies, first: " + result.anomalies().get(0).type()
                        + " (" + result.anomalies().get(0).description() + ")")));
        out.println("verify: " + (valid ? "VALID" : "INVALID") + " (seed " + options.seed() + "); report: "
                + reportDir.resolve("index.html"));
        return valid ? VALID : ANOMALY;
    }

    private String token() throws SetupException {
        if (options.tokenFile() != null) {
            try {
                return Files.readString(options.tokenFile()).trim();
            } catch (IOException e) {
                throw new SetupException("cannot read the token file " + options.tokenFile() + ": " + e.getMessage());
            }
        }
        return envToken == null || envToken.isBlank() ? null : envToken.trim();
    }

    /** How partitions are made here: real iptables drops through the script, or fault-endpoint drops. */
    private Partitions partitions(ClusterScript script, FaultEndpoints endpoints) throws SetupException {
        if (script == null) {
            if (options.net().equals("iptables")) {
                throw new SetupException("--net iptables needs --cluster-script (a local cluster)");
            }
            return new DropPartitions(endpoints, "remote");
        }
        String net = options.net();
        if (net.equals("auto")) {
            try {
                net = script.run(30, "net").lines().reduce((a, b) -> b).orElse("").trim();
            } catch (IOException e) {
                net = "in-process";
            }
        }
        return net.equals("iptables") ? new IptablesPartitions(script) : new DropPartitions(endpoints, "in-process");
    }

    /** The token is needed for the balancer API and for every fault that goes through the fault endpoints. */
    private void requireToken(String token, Partitions partitions) throws SetupException {
        if (token != null) {
            return;
        }
        Set<String> endpointFaults = options.local()
                ? new LinkedHashSet<>(List.of("latency", "clock", "mixed"))
                : new LinkedHashSet<>(List.of("kill", "pause", "partition", "latency", "clock", "mixed"));
        if (options.local() && !partitions.network().equals("iptables")) {
            endpointFaults.add("partition");
        }
        if (endpointFaults.contains(options.nemesis()) || options.workloads().contains("lb")) {
            throw new SetupException("this run needs the cluster token: pass --token-file F or set DISTLAB_TOKEN");
        }
    }

    private Path reportDir() throws SetupException {
        Path dir = options.reportDir() != null ? options.reportDir() : Path.of(".cluster", "reports",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SetupException("cannot create the report directory " + dir + ": " + e.getMessage());
        }
    }

    /** The unsafe switches each instance says it runs with ({@code unsafe} in /actuator/info). */
    private List<String> unsafe(Topology topology) {
        Set<String> names = new LinkedHashSet<>();
        for (Instance instance : topology.instances()) {
            try {
                JsonNode unsafe = http.get(instance.url() + "/actuator/info").json().path("unsafe");
                for (JsonNode item : unsafe) {
                    names.add(item.isString() ? item.asString() : item.path("name").asString(item.toString()));
                }
            } catch (IOException | RuntimeException e) {
                out.println("verify: could not read /actuator/info of " + instance.id() + ": " + e.getMessage());
            }
        }
        return List.copyOf(names);
    }

    private static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::id).toList();
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, "verify-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(List<Thread> threads, long withinMs) {
        long until = System.currentTimeMillis() + withinMs;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, until - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
