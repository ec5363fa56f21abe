package dev.distlab.verify.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The instances a run works with, as the gateway sees them: participants and coordinators from
 * {@code GET /api/gateway/balancers}, plus the gateway itself.
 */
public record Topology(String gatewayUrl, List<Instance> instances) {

    public static final String PARTICIPANT_SERVICE = "participant-service";
    public static final String COORDINATOR_SERVICE = "coordinator-service";

    public Topology {
        instances = List.copyOf(instances);
    }

    /** Asks the gateway; IOException when it cannot be reached or does not answer as a gateway. */
    public static Topology discover(Http http, String gatewayUrl) throws IOException {
        Http.Response response = http.get(gatewayUrl + "/api/gateway/balancers");
        if (response.status() != 200) {
            throw new IOException("the gateway answered " + response.status() + " to GET /api/gateway/balancers");
        }
        List<Instance> instances = new ArrayList<>();
        String gatewayId = response.instance() != null ? response.instance() : "gateway";
        instances.add(new Instance(gatewayId, Instance.Role.GATEWAY, gatewayUrl));
        for (JsonNode balancer : response.json()) {
            String service = balancer.path("service").asString("");
            Instance.Role role = switch (service) {
                case PARTICIPANT_SERVICE -> Instance.Role.PARTICIPANT;
                case COORDINATOR_SERVICE -> Instance.Role.COORDINATOR;
                default -> null;
            };
            if (role == null) {
                continue;
            }
            for (JsonNode instance : balancer.path("instances")) {
                instances.add(new Instance(instance.path("id").asString(), role,
                        stripSlash(instance.path("uri").asString())));
            }
        }
        if (instances.stream().noneMatch(i -> i.role() == Instance.Role.PARTICIPANT)) {
            throw new IOException("the gateway lists no participant-service instance");
        }
        return new Topology(gatewayUrl, instances);
    }

    public List<Instance> withRole(Instance.Role role) {
        return instances.stream().filter(i -> i.role() == role).toList();
    }

    public List<String> participantIds() {
        return withRole(Instance.Role.PARTICIPANT).stream().map(Instance::id).toList();
    }

    /** Participants and coordinators: what the process nemeses may kill or pause (never the gateway). */
    public List<Instance> backends() {
        return instances.stream().filter(i -> i.role() != Instance.Role.GATEWAY).toList();
    }

    public Instance byId(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + id));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
