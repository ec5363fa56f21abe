package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request from a peer may be handled, from its identity headers: refused if it names
 * another cluster, a member id outside the member list, this replica's own id (two processes with one id), or
 * an incarnation of a member older than the one recorded (a superseded data directory, or a second live copy
 * of a member). A newer incarnation is recorded durably before the request is admitted, so a crash right
 * after handling it cannot forget it.
 */
public class PeerGuard {

    private static final Logger log = LoggerFactory.getLogger(PeerGuard.class);

    private final ReplicaIdentity identity;
    private final int memberCount;
    private final RateLimitedLog rateLimit;

    public PeerGuard(ReplicaIdentity identity, int memberCount, RateLimitedLog rateLimit) {
        this.identity = identity;
        this.memberCount = memberCount;
        this.rateLimit = rateLimit;
    }

    /**
     * Empty if the request may be handled (its incarnation is then recorded), otherwise why not, in words. An
     * IOException means the incarnation could not be recorded: the request must not be handled.
     */
    public Optional<String> admit(String clusterHeader, String memberHeader, String remote) throws IOException {
        if (clusterHeader == null || memberHeader == null) {
            return refuse("unidentified", "a request from " + remote + " without " + PeerHeaders.CLUSTER + " and "
                    + PeerHeaders.MEMBER + " headers: not a replica of this version, refused");
        }
        if (!clusterHeader.equals(identity.clusterId())) {
            return refuse("cluster " + clusterHeader, "a request from " + remote + " of cluster " + clusterHeader
                    + ", but this replica belongs to cluster " + identity.clusterId() + " ('"
                    + identity.clusterName() + "'): two clusters' replicas are mixed up (check "
                    + "platform.replication.cluster-name and members), refused");
        }
        long[] member = PeerHeaders.parseMember(memberHeader);
        if (member == null) {
            return refuse("malformed", "a request from " + remote + " with " + PeerHeaders.MEMBER + " '"
                    + memberHeader + "', not <member>:<incarnation>, refused");
        }
        int id = (int) member[0];
        long incarnation = member[1];
        if (id < 1 || id > memberCount || incarnation < 1) {
            return refuse("member " + id, "a request from " + remote + " claiming to be member " + id
                    + " (incarnation " + incarnation + "), but this cluster has members 1 to " + memberCount
                    + ", refused");
        }
        if (id == identity.memberId()) {
            return refuse("self", "a request from " + remote + " claiming to be member " + id
                    + ", which is this replica's own id: two replicas run with the same id, refused");
        }
        if (identity.heardFrom(id) == incarnation) {
            return Optional.empty(); // the usual case: no lock, no write
        }
        long recorded = identity.recordPeer(id, incarnation);
        if (incarnation < recorded) {
            return refuse("stale " + id, "a request from " + remote + " of member " + id + " in incarnation "
                    + incarnation + ", but incarnation " + recorded + " of that member has been heard: this one "
                    + "was superseded (its data directory was replaced) or is a second copy of it, refused");
        }
        return Optional.empty();
    }

    private Optional<String> refuse(String key, String reason) {
        long suppressed = rateLimit.admit(key);
        if (suppressed >= 0) {
            log.warn("Replica {} refused {}{}", identity.memberId(), reason,
                    suppressed > 0 ? " (" + suppressed + " more like it since the last such line)" : "");
        }
        return Optional.of(reason);
    }
}
