package dev.distlab.gateway.routing;

import java.util.List;

/** Requests whose path matches one of the patterns go to an instance of the service. */
public record ServiceRoute(String id, String service, List<String> paths) {

    public ServiceRoute {
        paths = List.copyOf(paths);
    }
}
