package dev.distlab.participant.replication.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cluster id: a stable hash of the cluster's name and its number of members. Two clusters that share a
 * name but not a size (a 3-node store and a 5-node one) get different ids. The member URLs are left out on
 * purpose: a replica that moves to another address (a new port, a renamed host) is still the same member.
 */
public final class ClusterId {

    private ClusterId() {
    }

    public static String of(String clusterName, int memberCount) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("platform.replication.cluster-name must not be empty");
        }
        if (memberCount < 1) {
            throw new IllegalArgumentException("a cluster has at least one member, not " + memberCount);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("distlab-paxos\n" + clusterName.trim() + "\n" + memberCount).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
