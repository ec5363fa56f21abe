package dev.distlab.participant.replication.identity;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a replica's data directory says about whom it belongs to: the cluster, its member id, the incarnation of
 * this data directory (chosen when it was created empty), whether it was re-added after a loss and has not yet
 * caught up ({@code rejoining}), and the latest incarnation this replica has heard from each peer.
 */
public record IdentityRecord(String clusterId, int memberId, long incarnation, boolean rejoining,
        Map<Integer, Long> peers) {

    public IdentityRecord {
        if (clusterId == null || clusterId.isBlank() || clusterId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a cluster id is one word, not '" + clusterId + "'");
        }
        if (memberId < 1) {
            throw new IllegalArgumentException("member ids start at 1, not " + memberId);
        }
        if (incarnation < 1) {
            throw new IllegalArgumentException("incarnations are positive, not " + incarnation);
        }
        peers = Map.copyOf(peers);
    }

    IdentityRecord withRejoining(boolean value) {
        return new IdentityRecord(clusterId, memberId, incarnation, value, peers);
    }

    IdentityRecord withPeer(int member, long peerIncarnation) {
        Map<Integer, Long> updated = new TreeMap<>(peers);
        updated.put(member, peerIncarnation);
        return new IdentityRecord(clusterId, memberId, incarnation, rejoining, updated);
    }

    /** The latest incarnation heard from {@code member}, 0 if none. */
    long peerIncarnation(int member) {
        return peers.getOrDefault(member, 0L);
    }
}
