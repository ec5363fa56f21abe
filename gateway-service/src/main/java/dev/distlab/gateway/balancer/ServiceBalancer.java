package dev.distlab.gateway.balancer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;

import dev.distlab.gateway.balancer.policy.BalancingPolicy;
import dev.distlab.gateway.balancer.policy.Candidate;
import dev.distlab.gateway.balancer.policy.PolicyType;
import dev.distlab.gateway.health.HealthTracker;

/**
 * One service's balancing: its policy and weights (switchable at runtime, atomically together), and how
 * many requests this gateway sent to each of its instances.
 */
public final class ServiceBalancer {

    public static final int DEFAULT_WEIGHT = 1;

    private final String service;
    private final Supplier<Random> randomSource;
    /** The planted bug of platform.unsafe.round-robin-off-by-one. */
    private final boolean roundRobinOffByOne;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private volatile Active active;
    /** Guarded by this. */
    private long storeRevision;

    private record Active(PolicyType type, Map<String, Integer> weights, BalancingPolicy policy) {
    }

    ServiceBalancer(String service, PolicyType initialPolicy, Supplier<Random> randomSource) {
        this(service, initialPolicy, randomSource, false);
    }

    ServiceBalancer(String service, PolicyType initialPolicy, Supplier<Random> randomSource,
            boolean roundRobinOffByOne) {
        this.service = service;
        this.randomSource = randomSource;
        this.roundRobinOffByOne = roundRobinOffByOne;
        this.active = new Active(initialPolicy, Map.of(), newPolicy(initialPolicy));
    }

    private BalancingPolicy newPolicy(PolicyType type) {
        return type.newPolicy(randomSource, roundRobinOffByOne);
    }

    public String service() {
        return service;
    }

    public PolicyType policy() {
        return active.type();
    }

    public int weightOf(String instanceId) {
        return active.weights().getOrDefault(instanceId, DEFAULT_WEIGHT);
    }

    /**
     * Picks an instance among those the health tracker lets take traffic, leaving out the excluded ones.
     * Empty when none is left (all out of the rotation, drained or excluded).
     */
    public Optional<ServiceInstance> choose(List<ServiceInstance> instances, Set<String> excluded,
            HealthTracker health) {
        Active current = active;
        Map<String, ServiceInstance> byId = new LinkedHashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (ServiceInstance instance : instances) {
            String id = Upstreams.idOf(instance);
            if (excluded.contains(id) || !health.isAvailable(Upstreams.of(instance))) {
                continue;
            }
            byId.put(id, instance);
            candidates.add(new Candidate(id, current.weights().getOrDefault(id, DEFAULT_WEIGHT)));
        }
        return current.policy().pick(candidates).map(c -> byId.get(c.id()));
    }

    /**
     * Switches policy and/or weights in one step. Weights not named keep their value. Any change starts
     * a fresh policy, so a new weighting applies exactly from the next request.
     */
    synchronized void apply(Optional<PolicyType> policy, Map<String, Integer> weights) {
        Active current = active;
        PolicyType type = policy.orElse(current.type());
        Map<String, Integer> merged = new LinkedHashMap<>(current.weights());
        merged.putAll(weights);
        active = new Active(type, Map.copyOf(merged), newPolicy(type));
    }

    /** The policy and the weights set so far (instances not named have {@link #DEFAULT_WEIGHT}). */
    public BalancerSetting setting() {
        Active current = active;
        return new BalancerSetting(current.type(), current.weights());
    }

    /**
     * Replaces policy and weights with a setting read from the config store, unless this balancer already holds
     * a setting from a later store revision (a slower thread must not undo a newer setting). An identical setting
     * only records the revision, so the policy's round is not restarted. True if the revision was taken.
     */
    synchronized boolean applyStored(BalancerSetting setting, long modRevision) {
        if (modRevision <= storeRevision) {
            return false;
        }
        storeRevision = modRevision;
        Active current = active;
        if (current.type() == setting.policy() && current.weights().equals(setting.weights())) {
            return true;
        }
        active = new Active(setting.policy(), Map.copyOf(setting.weights()),
                newPolicy(setting.policy()));
        return true;
    }

    /** The store revision of the setting applied last from the config store; 0 if none. */
    synchronized long storeRevision() {
        return storeRevision;
    }

    void countRequest(String instanceId) {
        requests.computeIfAbsent(instanceId, id -> new LongAdder()).increment();
    }

    public long requestsTo(String instanceId) {
        LongAdder adder = requests.get(instanceId);
        return adder == null ? 0 : adder.sum();
    }
}
