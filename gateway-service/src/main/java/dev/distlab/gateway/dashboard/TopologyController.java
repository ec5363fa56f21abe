package dev.distlab.gateway.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.BalancerView;
import dev.distlab.gateway.balancer.Upstreams;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;
import dev.distlab.gateway.dashboard.TopologyView.InstanceView;
import dev.distlab.gateway.dashboard.TopologyView.ServiceView;
import dev.distlab.gateway.health.HealthTracker;

/**
 * {@code GET /api/gateway/topology}: the whole system as the gateway sees it, for the dashboard: the gateway's own
 * view of every instance (health, ejection, weight, requests) beside each participant's view of itself, from
 * {@link ParticipantNodes} (shared between callers, so any number of dashboards cost the participants one read per
 * {@link ParticipantNodes#FRESH_FOR}). {@code at} is when the participants were read.
 */
@RestController
class TopologyController {

    private final BalancerRegistry registry;
    private final ParticipantNodes participants;

    TopologyController(BalancerRegistry registry, ParticipantNodes participants) {
        this.registry = registry;
        this.participants = participants;
    }

    @GetMapping("/api/gateway/topology")
    TopologyView topology() {
        SharedReading.Taken<Map<String, Answer>> reading = participants.current();
        Map<String, Answer> nodes = reading.value();
        HealthTracker health = registry.health();
        List<ServiceView> services = registry.services().stream().map(service -> {
            BalancerView balancer = registry.view(service);
            Map<String, BalancerView.InstanceView> balanced = new LinkedHashMap<>();
            balancer.instances().forEach(i -> balanced.put(i.id(), i));
            List<InstanceView> instances = registry.instancesOf(service).stream().map(instance -> {
                String id = Upstreams.idOf(instance);
                HealthTracker.Snapshot state = health.snapshot(Upstreams.of(instance));
                BalancerView.InstanceView counts = balanced.get(id);
                Answer node = nodes.get(id);
                return new InstanceView(id, uriOf(instance), state.available(), state.ready(), state.ejected(),
                        state.remainingEjection().toMillis(), counts == null ? 0 : counts.weight(),
                        counts == null ? 0 : counts.requests(), node == null ? null : node.json(),
                        node == null ? null : node.error());
            }).toList();
            return new ServiceView(service, balancer.policy(), instances);
        }).toList();
        return new TopologyView(reading.at(), services);
    }

    private static String uriOf(ServiceInstance instance) {
        return instance.getUri().toString();
    }
}
