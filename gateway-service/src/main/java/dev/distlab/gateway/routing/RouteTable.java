package dev.distlab.gateway.routing;

import java.util.List;

/**
 * What the gateway routes, and nothing more: public API paths only. Internal endpoints ({@code /internal/**})
 * and the services' actuators are never routed; {@code /api/gateway/**} is served by the gateway itself.
 */
public record RouteTable(List<ServiceRoute> routes) {

    public static final String PARTICIPANTS = "participant-service";
    public static final String COORDINATORS = "coordinator-service";

    public static RouteTable standard() {
        return new RouteTable(List.of(
                new ServiceRoute("participants", PARTICIPANTS,
                        List.of("/api/node", "/api/config", "/api/config/**", "/api/watch")),
                new ServiceRoute("coordinators", COORDINATORS,
                        List.of("/api/accounts", "/api/accounts/**", "/api/transfers", "/api/transactions",
                                "/api/transactions/**"))));
    }

    /** The routed services, in route order. */
    public List<String> services() {
        return routes.stream().map(ServiceRoute::service).distinct().toList();
    }
}
