package dev.distlab.verify.workload;

import static dev.distlab.verify.workload.BankWorkload.describe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Topology;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's balancing of participant-service: phases of random, round-robin, weighted (5/1/1…) and weighted
 * with one instance drained (weight 0), each set through the balancer API and then measured with
 * {@code GET /api/node} requests whose X-Instance-Id is recorded. Round-robin with equal weights is restored at
 * the end. A phase switch waits for the requests in flight, so every request's phase label is the policy that
 * routed it.
 */
public final class LbWorkload extends Workload {

    /** One policy setting to measure. */
    record Phase(String label, String policy, Map<String, Object> weights) {
    }

    private static final long ROTATION_SAMPLE_MS = 200;

    private final ReadWriteLock switching = new ReentrantReadWriteLock(true);
    private volatile String phase;
    private int controller;

    public LbWorkload(WorkloadContext context) {
        super(context);
    }

    @Override
    public String name() {
        return "lb";
    }

    @Override
    public void setup() throws IOException {
        controller = newProcess();
        if (context.token() == null) {
            throw new IOException("the lb workload sets balancer policies and needs the cluster token");
        }
    }

    /** The seeded order of phases over the participants. */
    static List<Phase> phases(List<String> instances, Random random) {
        List<String> shuffled = new ArrayList<>(instances);
        Collections.shuffle(shuffled, random);
        Map<String, Object> heavy = new LinkedHashMap<>();
        Map<String, Object> drain = new LinkedHashMap<>();
        for (int i = 0; i < shuffled.size(); i++) {
            heavy.put(shuffled.get(i), i == 0 ? 5L : 1L);
            drain.put(shuffled.get(i), i == 0 ? 0L : 1L);
        }
        List<Phase> phases = new ArrayList<>(List.of(new Phase("random", "random", equal(instances)),
                new Phase("round-robin", "round-robin", equal(instances)),
                new Phase("weighted-5-1-1", "weighted", heavy)));
        if (instances.size() > 1) {
            phases.add(new Phase("weighted-drain-" + shuffled.get(0), "weighted", drain));
        }
        Collections.shuffle(phases, random);
        return phases;
    }

    static Map<String, Object> equal(List<String> instances) {
        Map<String, Object> weights = new LinkedHashMap<>();
        instances.forEach(id -> weights.put(id, 1L));
        return weights;
    }

    @Override
    public List<Runnable> clients(Deadline deadline) {
        List<String> instances = context.topology().participantIds();
        List<Phase> phases = phases(instances, context.random(name(), -1));
        List<Runnable> clients = new ArrayList<>();
        clients.add(() -> {
            for (int i = 0; i < phases.size() && deadline.running(); i++) {
                switchTo(phases.get(i), instances, deadline);
                // the time left shared by the phases left: a switch that waited for the store (down while every
                // participant restarts) must not push the last phases out of the run
                long phaseMillis = Math.max(1_000, deadline.remainingMillis() / (phases.size() - i));
                long until = System.nanoTime() + phaseMillis * 1_000_000;
                while (deadline.running() && System.nanoTime() < until) {
                    pause(100);
                }
            }
        });
        int sampler = newProcess();
        clients.add(() -> {
            while (deadline.running()) {
                sampleRotation(sampler);
                pause(ROTATION_SAMPLE_MS);
            }
        });
        for (int i = 0; i < context.concurrency(); i++) {
            int process = newProcess();
            clients.add(() -> {
                while (deadline.running()) {
                    if (!request(process)) {
                        pause(50); // no phase yet, or no answer
                    }
                }
            });
        }
        return clients;
    }

    /**
     * Records which participants the gateway has in its rotation now: the gateway is health-aware, so while it
     * keeps one out the others rightly share its traffic, and the checker judges shares only between samples
     * that show every instance in.
     */
    private void sampleRotation(int process) {
        Op invoke = context.recorder().invoke(process, "rotation", null);
        try {
            Http.Response response = context.http().get(context.gateway() + "/api/gateway/balancers");
            if (response.status() != 200) {
                context.recorder().fail(invoke, null, response.instance(), "HTTP " + response.status());
                return;
            }
            List<String> healthy = new ArrayList<>();
            for (JsonNode service : response.json()) {
                if (service.path("service").asString().equals(Topology.PARTICIPANT_SERVICE)) {
                    service.path("instances").forEach(instance -> {
                        if (instance.path("healthy").asBoolean()) {
                            healthy.add(instance.path("id").asString());
                        }
                    });
                }
            }
            context.recorder().ok(invoke, Map.of("healthy", healthy), response.instance());
        } catch (IOException e) {
            context.recorder().fail(invoke, null, null, describe(e));
        } catch (RuntimeException e) { // an answer that is not the balancers' JSON
            context.recorder().fail(invoke, null, null, e.toString());
        }
    }

    /** Sets a policy while no request is in flight, then lets requests run under its label. */
    private void switchTo(Phase p, List<String> instances, Deadline deadline) {
        switching.writeLock().lock();
        try {
            // a setting whose answer was lost may or may not be in force: requests wait until one is confirmed,
            // and none is labelled with a policy that may not route it. The gateway keeps settings in the config
            // store, so while every participant restarts no setting is confirmed: keep asking, or the phase
            // would be lost (seed 3 of round-robin-off-by-one never measured round-robin)
            phase = null;
            while (deadline.running()) {
                if (setPolicy(p, instances)) {
                    phase = p.label();
                    break;
                }
                pause(500);
            }
        } finally {
            switching.writeLock().unlock();
        }
    }

    private boolean setPolicy(Phase p, List<String> instances) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("service", Topology.PARTICIPANT_SERVICE);
        value.put("policy", p.policy());
        value.put("weights", p.weights());
        value.put("instances", instances);
        value.put("phase", p.label());
        Op invoke = context.recorder().invoke(controller, "set-policy", value);
        try {
            Http.Response response = context.http().send("PUT", context.gateway() + "/api/gateway/balancers/"
                    + Topology.PARTICIPANT_SERVICE, Http.json(Map.of("policy", p.policy(), "weights", p.weights())),
                    Http.bearer(context.token()));
            if (response.status() == 200) {
                context.recorder().ok(invoke, value, response.instance());
                return true;
            }
            if (response.status() >= 400 && response.status() < 500) {
                context.recorder().fail(invoke, value, response.instance(), "HTTP " + response.status() + " "
                        + response.body());
            } else {
                context.recorder().info(invoke, value, response.instance(), "HTTP " + response.status());
            }
        } catch (IOException e) {
            context.recorder().info(invoke, value, null, describe(e));
        }
        return false;
    }

    private boolean request(int process) {
        switching.readLock().lock();
        try {
            String label = phase;
            if (label == null) {
                return false;
            }
            Op invoke = context.recorder().invoke(process, "request", Map.of("phase", label));
            try {
                Http.Response response = context.http().get(context.gateway() + "/api/node");
                if (response.status() == 200 && response.instance() != null) {
                    context.recorder().ok(invoke, Map.of("phase", label), response.instance());
                    return true;
                }
                context.recorder().fail(invoke, Map.of("phase", label), response.instance(),
                        "HTTP " + response.status());
            } catch (IOException e) {
                context.recorder().fail(invoke, Map.of("phase", label), null, describe(e));
            }
            return false;
        } finally {
            switching.readLock().unlock();
        }
    }

    @Override
    public void finish() {
        List<String> instances = context.topology().participantIds();
        Phase restore = new Phase("restore", "round-robin", equal(instances));
        for (int attempt = 0; attempt < 10 && !setPolicy(restore, instances); attempt++) {
            pause(1_000);
        }
    }
}
