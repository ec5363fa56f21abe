package dev.distlab.participant.replication.identity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code GET /internal/paxos/identity} (cluster token required): this replica's identity file, which includes
 * the latest incarnation it heard from each peer. A replica with an empty data directory asks it at startup
 * ({@link HttpJoinCheck}); operators can read it too. It records nothing: the asker has not been admitted yet.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class IdentityController {

    private final ReplicaIdentity identity;

    IdentityController(ReplicaIdentity identity) {
        this.identity = identity;
    }

    @GetMapping(HttpJoinCheck.IDENTITY_PATH)
    ResponseEntity<String> identity(@RequestHeader(name = PeerHeaders.CLUSTER, required = false) String cluster) {
        if (cluster != null && !cluster.equals(identity.clusterId())) {
            throw new ProblemException(HttpStatus.CONFLICT, "this replica belongs to cluster " + identity.clusterId()
                    + " ('" + identity.clusterName() + "'), not to cluster " + cluster);
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(IdentityFile.format(identity.snapshot()));
    }
}
