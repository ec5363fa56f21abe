package dev.distlab.gateway.control;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.balancer.Upstreams;

/** The instances the gateway balances, by id: the only ones the control endpoints act on (404 for any other). */
@Component
class KnownInstances {

    private final BalancerRegistry registry;

    KnownInstances(BalancerRegistry registry) {
        this.registry = registry;
    }

    Map<String, URI> all() {
        Map<String, URI> all = new LinkedHashMap<>();
        registry.services().forEach(service -> registry.instancesOf(service)
                .forEach(instance -> all.put(Upstreams.idOf(instance), instance.getUri())));
        return all;
    }

    URI uriOf(String id) {
        URI uri = all().get(id);
        if (uri == null) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "Unknown instance '" + id + "': the gateway knows "
                    + String.join(", ", all().keySet()));
        }
        return uri;
    }
}
