package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;
import tools.jackson.databind.JsonNode;

/**
 * Plays the schedule against the cluster: opens each fault window at its time, closes it after its duration,
 * and records both as nemesis ops (an invoke, then an info completion). It remembers what is broken, so
 * {@link #healAll()} can undo everything at the end of the load or on Ctrl-C.
 */
public final class Nemesis implements Runnable {

    private final List<Step> steps;
    private final Topology topology;
    private final Processes processes;
    private final Partitions partitions;
    private final FaultEndpoints faults;
    private final Http http;
    private final Recorder recorder;
    private final Consumer<String> log;

    private final Set<Instance> killed = new LinkedHashSet<>();
    private final Set<Instance> paused = new LinkedHashSet<>();
    private final Set<Instance> faulted = new LinkedHashSet<>();
    private List<List<Instance>> partitioned = List.of();
    private volatile boolean stopped;
    private volatile String active = "none";
    private long loadStart;

    public Nemesis(List<Step> steps, Topology topology, Processes processes, Partitions partitions,
            FaultEndpoints faults, Http http, Recorder recorder, Consumer<String> log) {
        this.steps = List.copyOf(steps);
        this.topology = topology;
        this.processes = processes;
        this.partitions = partitions;
        this.faults = faults;
        this.http = http;
        this.recorder = recorder;
        this.log = log;
        this.loadStart = System.nanoTime();
    }

    /** The fault in effect now, for the progress line. */
    public String active() {
        return active;
    }

    /** Stops opening windows; the one in effect is closed by {@link #healAll()}. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        loadStart = System.nanoTime();
        for (Step step : steps) {
            if (!sleepUntil(step.atMs())) {
                return;
            }
            if (System.nanoTime() - loadStart > (step.endMs() - step.durationMs() / 2) * 1_000_000) {
                // healing the last window took long (a JVM starting on a busy machine): a fault opened this
                // late would no longer fit the load, and the schedule must not run past it
                log.accept("nemesis: skipped, too late after the previous window: " + describe(step));
                continue;
            }
            open(step);
            sleepUntil(step.endMs());
            // a window ends when what it broke works again: the next fault must not land on an instance that is
            // still starting, where it would fail to apply and its window would be shaded for nothing
            healAll();
            active = "none";
        }
    }

    private boolean sleepUntil(long atMs) {
        long until = loadStart + atMs * 1_000_000;
        while (!stopped && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopped;
    }

    private synchronized void open(Step step) {
        if (stopped) {
            return;
        }
        List<Instance> targets = step.targets().stream().map(topology::byId).toList();
        active = step.kind() + " " + String.join(",", step.targets());
        log.accept("nemesis: " + describe(step));
        switch (step.kind()) {
            case "kill" -> all("kill", targets, () -> {
                killed.addAll(targets);
                processes.killAll(targets);
            });
            case "pause" -> each("pause", targets, Map.of(), i -> {
                paused.add(i);
                processes.pause(i, step.durationMs());
            });
            case "partition" -> partition(step);
            case "latency" -> each("fault", targets, Map.of("kind", "delay", "delayMs", step.params().get("delayMs")),
                    i -> {
                        faulted.add(i);
                        Map<String, Object> fault = FaultEndpoints.fault("delay", "out", "*", step.durationMs());
                        fault.put("delayMs", step.params().get("delayMs"));
                        faults.add(i, fault);
                    });
            case "clock" -> each("clock", targets, Map.of("offsetMs", step.params().get("offsetMs")), i -> {
                faulted.add(i);
                Map<String, Object> fault = FaultEndpoints.fault("clock", null, null, step.durationMs());
                fault.put("offsetMs", step.params().get("offsetMs"));
                faults.add(i, fault);
            });
            case "crash" -> each("fault", targets, Map.of("kind", "crash", "probability",
                    step.params().get("probability")), i -> {
                        faulted.add(i);
                        for (String point : Schedule.crashPoints(i.role())) {
                            Map<String, Object> fault = FaultEndpoints.fault("crash", null, point, step.durationMs());
                            fault.put("probability", step.params().get("probability"));
                            faults.add(i, fault);
                        }
                    });
            default -> throw new IllegalStateException("unknown fault kind " + step.kind());
        }
    }

    private void partition(Step step) {
        List<List<Instance>> groups = new ArrayList<>();
        if (Boolean.TRUE.equals(step.params().get("leader"))) {
            Instance leader = leader();
            if (leader == null) {
                log.accept("nemesis: no participant names a Paxos leader now; isolating none");
                return;
            }
            groups.add(List.of(leader));
            groups.add(topology.withRole(Instance.Role.PARTICIPANT).stream().filter(i -> !i.equals(leader)).toList());
        } else {
            @SuppressWarnings("unchecked")
            List<List<String>> ids = (List<List<String>>) step.params().get("groups");
            ids.forEach(group -> groups.add(group.stream().map(topology::byId).toList()));
        }
        List<String> targets = groups.stream().flatMap(List::stream).map(Instance::id).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("groups", groups.stream().map(g -> g.stream().map(Instance::id).toList()).toList());
        details.put("network", partitions.network());
        Op invoke = recorder.invoke(Op.NEMESIS, "partition", value(targets, details));
        partitioned = groups;
        String error = null;
        try {
            partitions.partition(groups, step.durationMs());
        } catch (IOException e) {
            error = e.getMessage();
            log.accept("nemesis: partition failed: " + error);
        }
        recorder.info(invoke, value(targets, details), null, error);
    }

    /** The participant the others follow now, from {@code GET /api/node} on each participant; null if none. */
    private Instance leader() {
        for (Instance participant : topology.withRole(Instance.Role.PARTICIPANT)) {
            try {
                Http.Response response = http.get(participant.url() + "/api/node");
                JsonNode leader = response.json().path("paxos").path("leader");
                if (response.status() == 200 && leader.isString()) {
                    return topology.byId(leader.asString());
                }
            } catch (IOException | RuntimeException e) {
                // ask the next one
            }
        }
        return null;
    }

    /**
     * Closes whatever is open: starts killed processes, resumes paused ones, heals partitions, clears faults;
     * returns once every instance it started is ready.
     */
    public synchronized void healAll() {
        if (!partitioned.isEmpty()) {
            List<List<Instance>> groups = partitioned;
            List<String> targets = groups.stream().flatMap(List::stream).map(Instance::id).toList();
            Op invoke = recorder.invoke(Op.NEMESIS, "heal", value(targets, Map.of()));
            String error = null;
            try {
                partitions.heal(groups);
            } catch (IOException e) {
                error = e.getMessage();
            }
            partitioned = List.of();
            recorder.info(invoke, value(targets, Map.of()), null, error);
        }
        if (!paused.isEmpty()) {
            List<Instance> targets = List.copyOf(paused);
            paused.clear();
            each("resume", targets, Map.of(), processes::resume);
        }
        if (!faulted.isEmpty()) {
            List<Instance> targets = List.copyOf(faulted);
            faulted.clear();
            each("clear-faults", targets, Map.of(), faults::clear);
            // a crash fault may have fired: whoever no longer answers is started again
            killed.addAll(targets.stream().filter(i -> !answers(i)).toList());
        }
        if (!killed.isEmpty()) {
            List<Instance> targets = List.copyOf(killed);
            killed.clear();
            eachInParallel("start", targets, processes::start);
        }
    }

    /**
     * After {@link #healAll()}: waits until every instance of the cluster says it is ready, whatever the
     * nemesis did to it, recorded as an {@code await-ready} op whose error names those that never were.
     * Returns the ids of the instances still not ready after {@code withinMs}.
     */
    public List<String> awaitAllReady(long withinMs) {
        List<String> ids = ids(topology.instances());
        Op invoke = recorder.invoke(Op.NEMESIS, "await-ready", value(ids, Map.of()));
        long until = System.nanoTime() + withinMs * 1_000_000;
        long nextLog = System.nanoTime() + 10_000_000_000L;
        List<Instance> waiting = new ArrayList<>(topology.instances());
        while (true) {
            waiting.removeIf(this::ready);
            if (waiting.isEmpty() || System.nanoTime() > until || Thread.currentThread().isInterrupted()) {
                break;
            }
            if (System.nanoTime() > nextLog) {
                log.accept("nemesis: waiting for " + String.join(", ", ids(waiting)) + " to be ready");
                nextLog = System.nanoTime() + 10_000_000_000L;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> notReady = ids(waiting);
        recorder.info(invoke, value(ids, Map.of()), null, notReady.isEmpty() ? null
                : "not ready " + withinMs / 1000 + " s after every fault healed: " + String.join(", ", notReady));
        return notReady;
    }

    private boolean ready(Instance instance) {
        try {
            return http.get(instance.url() + "/actuator/health/readiness").status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::id).toList();
    }

    private boolean answers(Instance instance) {
        try {
            return http.get(instance.url() + "/actuator/health").status() < 500;
        } catch (IOException e) {
            return false;
        }
    }

    /** What one target's action may throw. */
    @FunctionalInterface
    private interface Action {
        void apply(Instance instance) throws IOException;
    }

    /** Records one nemesis op over {@code targets} and applies the action to each; failures go in its error. */
    private void each(String f, List<Instance> targets, Map<String, Object> details, Action action) {
        List<String> ids = ids(targets);
        Op invoke = recorder.invoke(Op.NEMESIS, f, value(ids, details));
        List<String> errors = new ArrayList<>();
        for (Instance target : targets) {
            try {
                action.apply(target);
            } catch (IOException | RuntimeException e) {
                errors.add(target.id() + ": " + describe(e));
            }
        }
        finish(invoke, f, ids, details, errors);
    }

    /** Records one nemesis op over {@code targets} and applies one action to all of them together. */
    private void all(String f, List<Instance> targets, Group action) {
        List<String> ids = ids(targets);
        Op invoke = recorder.invoke(Op.NEMESIS, f, value(ids, Map.of()));
        List<String> errors = new ArrayList<>();
        try {
            action.apply();
        } catch (IOException | RuntimeException e) {
            errors.add(describe(e));
        }
        finish(invoke, f, ids, Map.of(), errors);
    }

    @FunctionalInterface
    private interface Group {
        void apply() throws IOException;
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Like {@link #each} but all at once: starting JVMs one after another would stretch the window. */
    private void eachInParallel(String f, List<Instance> targets, Action action) {
        List<String> ids = ids(targets);
        Op invoke = recorder.invoke(Op.NEMESIS, f, value(ids, Map.of()));
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (Instance target : targets) {
            Thread thread = new Thread(() -> {
                try {
                    action.apply(target);
                } catch (IOException | RuntimeException e) {
                    errors.add(target.id() + ": " + describe(e));
                }
            }, "nemesis-" + f + "-" + target.id());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add("interrupted while waiting for " + thread.getName());
                break;
            }
        }
        finish(invoke, f, ids, Map.of(), errors);
    }

    private void finish(Op invoke, String f, List<String> ids, Map<String, Object> details, List<String> errors) {
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        if (error != null) {
            log.accept("nemesis: " + f + " " + String.join(",", ids) + " failed: " + error);
        }
        recorder.info(invoke, value(ids, details), null, error);
    }

    private static Map<String, Object> value(List<String> targets, Map<String, Object> details) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("targets", targets);
        value.putAll(details);
        return value;
    }

    static String describe(Step step) {
        String what = switch (step.kind()) {
            case "kill" -> "kill -9 " + String.join(", ", step.targets());
            case "pause" -> "pause " + String.join(", ", step.targets());
            case "partition" -> Boolean.TRUE.equals(step.params().get("leader")) ? "isolate the Paxos leader"
                    : "partition " + step.params().get("groups");
            case "latency" -> "delay calls from " + String.join(", ", step.targets()) + " by "
                    + step.params().get("delayMs") + " ms";
            case "clock" -> "shift the clock of " + String.join(", ", step.targets()) + " by "
                    + step.params().get("offsetMs") + " ms";
            case "crash" -> "arm every crash point of " + String.join(", ", step.targets()) + " (probability "
                    + step.params().get("probability") + " each)";
            default -> step.kind();
        };
        return what + " for " + step.durationMs() / 1000.0 + " s";
    }
}
