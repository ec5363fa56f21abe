package dev.distlab.gateway.dashboard;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import dev.distlab.gateway.routing.RouteTable;

/**
 * {@code GET /api/gateway/topology}: the whole system as the gateway sees it, for the dashboard. The participants'
 * own views are read at most once per {@link #FRESH_FOR} however many dashboards poll, so watching the system
 * does not load it.
 */
@RestController
class TopologyController {

    /** Dashboards poll about once a second; answers younger than this are shared between them. */
    static final Duration FRESH_FOR = Duration.ofMillis(500);

    private final BalancerRegistry registry;
    private final InstanceReads reads;
    private final Clock clock;
    private final Object refreshing = new Object();
    private volatile TopologyView last;

    TopologyController(BalancerRegistry registry, InstanceReads reads, Clock clock) {
        this.registry = registry;
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/api/gateway/topology")
    TopologyView topology() {
        TopologyView seen = last;
        if (fresh(seen)) {
            return seen;
        }
        synchronized (refreshing) { // one refresh at a time: the callers that waited take its answer
            seen = last;
            if (!fresh(seen)) {
                seen = read();
                last = seen;
            }
            return seen;
        }
    }

    private boolean fresh(TopologyView view) {
        return view != null && view.at().plus(FRESH_FOR).isAfter(clock.instant());
    }

    private TopologyView read() {
        Map<String, URI> participants = new LinkedHashMap<>();
        registry.instancesOf(RouteTable.PARTICIPANTS)
                .forEach(instance -> participants.put(Upstreams.idOf(instance), instance.getUri()));
        Map<String, Answer> nodes = reads.read(participants, "/api/node");
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
        return new TopologyView(Instant.now(clock), services);
    }

    private static String uriOf(ServiceInstance instance) {
        return instance.getUri().toString();
    }
}
