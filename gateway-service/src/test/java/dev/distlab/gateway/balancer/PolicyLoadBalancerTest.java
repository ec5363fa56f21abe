package dev.distlab.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import dev.distlab.gateway.balancer.policy.PolicyType;
import dev.distlab.gateway.health.FailureKind;
import dev.distlab.gateway.health.HealthListener;
import dev.distlab.gateway.health.HealthSettings;
import dev.distlab.gateway.health.HealthTracker;
import reactor.core.publisher.Flux;

class PolicyLoadBalancerTest {

    private static final String SERVICE = "participant-service";

    private final List<ServiceInstance> instances = List.of(instance("participant-1", 8081),
            instance("participant-2", 8082), instance("participant-3", 8083));
    private final HealthTracker health = new HealthTracker(HealthSettings.defaults(), System::nanoTime,
            HealthListener.NONE);
    private final BalancerRegistry registry = new BalancerRegistry(List.of(SERVICE), PolicyType.ROUND_ROBIN,
            () -> new Random(1), new SimpleDiscoveryClient(new SimpleDiscoveryProperties()), health);
    private final PolicyLoadBalancer loadBalancer;

    PolicyLoadBalancerTest() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("supplier", new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return SERVICE;
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return Flux.just(instances);
            }
        });
        loadBalancer = new PolicyLoadBalancer(SERVICE, beans.getBeanProvider(ServiceInstanceListSupplier.class),
                registry);
    }

    @Test
    void shouldChooseByTheServicesCurrentPolicy() {
        assertThat(choose(Set.of())).contains("participant-1");
        assertThat(choose(Set.of())).contains("participant-2");
        registry.apply(SERVICE, new BalancerUpdate(Optional.of(PolicyType.WEIGHTED),
                Map.of("participant-1", 0, "participant-2", 0)));
        assertThat(choose(Set.of())).contains("participant-3");
        assertThat(choose(Set.of())).contains("participant-3");
    }

    @Test
    void shouldLeaveOutExcludedAndUnavailableInstances() {
        health.recordFailure(Upstreams.of(instances.get(0)), FailureKind.CONNECT, "refused");
        for (int i = 0; i < 10; i++) {
            assertThat(choose(Set.of("participant-2"))).contains("participant-3");
        }
        assertThat(choose(Set.of("participant-2", "participant-3"))).isEmpty();
        assertThat(health.snapshot(Upstreams.of(instances.get(0))).remainingEjection()).isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theUnsafeSwitchReachesEveryPolicyTheRegistryBuilds() {
        BalancerRegistry unsafe = new BalancerRegistry(List.of(SERVICE), PolicyType.ROUND_ROBIN, () -> new Random(1),
                new SimpleDiscoveryClient(new SimpleDiscoveryProperties()), health, true);
        ServiceBalancer balancer = unsafe.find(SERVICE).orElseThrow();
        assertThat(firstOfTwelve(balancer)).as("participant-1 twice in each round of four").isEqualTo(6);
        unsafe.apply(SERVICE, new BalancerUpdate(Optional.of(PolicyType.ROUND_ROBIN), Map.of()));
        assertThat(firstOfTwelve(balancer)).as("also after a policy change").isEqualTo(6);
        assertThat(firstOfTwelve(registry.find(SERVICE).orElseThrow())).as("the safe registry: a third").isEqualTo(4);
    }

    /** How many of twelve picks among the three instances go to participant-1. */
    private long firstOfTwelve(ServiceBalancer balancer) {
        long count = 0;
        for (int i = 0; i < 12; i++) {
            String id = Upstreams.idOf(balancer.choose(instances, Set.of(), health).orElseThrow());
            count += id.equals("participant-1") ? 1 : 0;
        }
        return count;
    }

    private Optional<String> choose(Set<String> excluded) {
        Response<ServiceInstance> response = loadBalancer
                .choose(new DefaultRequest<>(new ExcludedInstances(excluded))).block();
        return response.hasServer() ? Optional.of(Upstreams.idOf(response.getServer())) : Optional.empty();
    }

    private static ServiceInstance instance(String id, int port) {
        return new DefaultServiceInstance(id, SERVICE, "127.0.0.1", port, false);
    }
}
