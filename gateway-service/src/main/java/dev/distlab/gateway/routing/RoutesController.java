package dev.distlab.gateway.routing;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/gateway/routes}: which paths go to which service. */
@RestController
class RoutesController {

    private final RouteTable table;

    RoutesController(RouteTable table) {
        this.table = table;
    }

    @GetMapping("/api/gateway/routes")
    List<ServiceRoute> routes() {
        return table.routes();
    }
}
