package dev.distlab.gateway.balancer;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;

/**
 * The balancer API: see each service's policy, weights, instance health and request counts, and switch
 * policy or weights at runtime (the PUT needs the cluster token; see {@code BalancerConfiguration}). With the
 * config store enabled a PUT is stored there first and applied once stored (see {@link StoredBalancerSettings}).
 */
@RestController
@RequestMapping("/api/gateway/balancers")
class BalancerController {

    private final BalancerRegistry registry;
    private final ObjectProvider<StoredBalancerSettings> store;

    BalancerController(BalancerRegistry registry, ObjectProvider<StoredBalancerSettings> store) {
        this.registry = registry;
        this.store = store;
    }

    @GetMapping
    List<BalancerView> all() {
        return registry.services().stream().map(registry::view).toList();
    }

    @GetMapping("/{service}")
    BalancerView one(@PathVariable String service) {
        requireKnown(service);
        return registry.view(service);
    }

    @PutMapping("/{service}")
    BalancerView update(@PathVariable String service, @RequestBody(required = false) String body) {
        requireKnown(service);
        BalancerUpdate update = BalancerUpdate.parse(body);
        update.requireKnownInstances(service, registry.instanceIdsOf(service));
        StoredBalancerSettings stored = store.getIfAvailable();
        if (stored != null) {
            stored.update(service, update); // stores it, then applies it here; 503 and nothing changed if it cannot
        } else {
            registry.apply(service, update);
        }
        return registry.view(service);
    }

    private void requireKnown(String service) {
        if (registry.find(service).isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "Unknown service '" + service + "': the gateway "
                    + "balances " + String.join(", ", registry.services()));
        }
    }
}
