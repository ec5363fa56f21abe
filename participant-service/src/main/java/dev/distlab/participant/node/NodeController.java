package dev.distlab.participant.node;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.InstanceIdentity;
import dev.distlab.paxos.node.ReplicaStatus;
import dev.distlab.participant.replication.ReplicaStatusSource;
import io.swagger.v3.oas.annotations.Operation;

/** {@code GET /api/node}: which participant answered, since when it runs, and its part in the config store. */
@RestController
class NodeController {

    private final InstanceIdentity identity;
    private final ObjectProvider<ReplicaStatusSource> replica;

    NodeController(InstanceIdentity identity, ObjectProvider<ReplicaStatusSource> replica) {
        this.identity = identity;
        this.replica = replica;
    }

    @Operation(summary = "Who this participant is, and its role in the Paxos config store")
    @GetMapping("/api/node")
    NodeInfo node() {
        ReplicaStatusSource source = replica.getIfAvailable();
        PaxosInfo paxos = null;
        if (source != null) {
            ReplicaStatus status = source.status();
            paxos = new PaxosInfo(status.role(), status.leaderId() == 0 ? null : "participant-" + status.leaderId(),
                    status.ballot(), status.commitIndex(), status.appliedIndex(), status.revision());
        }
        return new NodeInfo(identity.id(), identity.service(), identity.startedAt().toString(), paxos);
    }

    record NodeInfo(String id, String service, String startedAt, PaxosInfo paxos) {
    }

    record PaxosInfo(String role, String leader, String ballot, long commitIndex, long appliedIndex,
            long revision) {
    }
}
