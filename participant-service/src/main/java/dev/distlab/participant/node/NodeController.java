package dev.distlab.participant.node;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.InstanceIdentity;
import io.swagger.v3.oas.annotations.Operation;

/** {@code GET /api/node}: which participant answered and since when it runs. */
@RestController
class NodeController {

    private final InstanceIdentity identity;

    NodeController(InstanceIdentity identity) {
        this.identity = identity;
    }

    @Operation(summary = "Who this participant is")
    @GetMapping("/api/node")
    NodeInfo node() {
        return new NodeInfo(identity.id(), identity.service(), identity.startedAt().toString());
    }

    record NodeInfo(String id, String service, String startedAt) {
    }
}
