package dev.distlab.gateway.balancer;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.distlab.gateway.balancer.policy.PolicyType;
import dev.distlab.gateway.health.HealthTracker;
import dev.distlab.gateway.health.Upstream;

/** The balancers of all routed services, their instances (from discovery) and their health. */
public class BalancerRegistry {

    private final Map<String, ServiceBalancer> balancers = new LinkedHashMap<>();
    private final DiscoveryClient discovery;
    private final HealthTracker health;
    private final PolicyType initialPolicy;

    public BalancerRegistry(List<String> services, PolicyType initialPolicy, Supplier<Random> randomSource,
            DiscoveryClient discovery, HealthTracker health) {
        this(services, initialPolicy, randomSource, discovery, health, false);
    }

    /** @param roundRobinOffByOne the planted bug of {@code platform.unsafe.round-robin-off-by-one} */
    public BalancerRegistry(List<String> services, PolicyType initialPolicy, Supplier<Random> randomSource,
            DiscoveryClient discovery, HealthTracker health, boolean roundRobinOffByOne) {
        services.forEach(s -> balancers.put(s, new ServiceBalancer(s, initialPolicy, randomSource,
                roundRobinOffByOne)));
        this.discovery = discovery;
        this.health = health;
        this.initialPolicy = initialPolicy;
    }

    public List<String> services() {
        return List.copyOf(balancers.keySet());
    }

    public Optional<ServiceBalancer> find(String service) {
        return Optional.ofNullable(balancers.get(service));
    }

    public HealthTracker health() {
        return health;
    }

    /** The instances of a service, in configuration order. */
    public List<ServiceInstance> instancesOf(String service) {
        return discovery.getInstances(service);
    }

    /** Every configured instance of every routed service. */
    public List<Upstream> upstreams() {
        return balancers.keySet().stream().flatMap(s -> instancesOf(s).stream()).map(Upstreams::of).toList();
    }

    public Set<String> instanceIdsOf(String service) {
        return instancesOf(service).stream().map(Upstreams::idOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Counts one request sent (or attempted) to an instance. */
    public void countRequest(String service, String instanceId) {
        find(service).ifPresent(b -> b.countRequest(instanceId));
    }

    /** Applies a validated update; the caller has checked that the service and every instance id exist. */
    public void apply(String service, BalancerUpdate update) {
        ServiceBalancer balancer = find(service).orElseThrow();
        balancer.apply(update.policy(), update.weights());
    }

    /** The default setting of every service: the default policy and no weights (all 1). */
    public BalancerSetting defaultSetting() {
        return new BalancerSetting(initialPolicy, Map.of());
    }

    /**
     * Applies a setting read from the config store at {@code modRevision}; ignored if the service already has
     * one from a later revision. True if applied (or already in force).
     */
    public boolean applyStored(String service, BalancerSetting setting, long modRevision) {
        return find(service).map(b -> b.applyStored(setting, modRevision)).orElse(false);
    }

    public BalancerView view(String service) {
        ServiceBalancer balancer = find(service).orElseThrow();
        List<BalancerView.InstanceView> instances = instancesOf(service).stream().map(instance -> {
            String id = Upstreams.idOf(instance);
            return new BalancerView.InstanceView(id, instance.getUri().toString(), balancer.weightOf(id),
                    health.isAvailable(Upstreams.of(instance)), balancer.requestsTo(id));
        }).toList();
        return new BalancerView(service, balancer.policy().apiName(), instances);
    }
}
