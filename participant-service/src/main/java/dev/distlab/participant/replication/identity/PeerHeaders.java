package dev.distlab.participant.replication.identity;

import java.util.Map;

/**
 * The identity every peer request carries: {@code X-Paxos-Cluster: <cluster id>} and
 * {@code X-Paxos-Member: <member id>:<incarnation>}.
 */
public final class PeerHeaders {

    public static final String CLUSTER = "X-Paxos-Cluster";
    public static final String MEMBER = "X-Paxos-Member";

    private PeerHeaders() {
    }

    static Map<String, String> of(String clusterId, int memberId, long incarnation) {
        return Map.of(CLUSTER, clusterId, MEMBER, memberId + ":" + incarnation);
    }

    /** A member header's two numbers, or null if it is not {@code <member>:<incarnation>}. */
    public static long[] parseMember(String header) {
        if (header == null) {
            return null;
        }
        int colon = header.indexOf(':');
        if (colon < 1) {
            return null;
        }
        try {
            return new long[] { Integer.parseInt(header.substring(0, colon).trim()),
                    Long.parseLong(header.substring(colon + 1).trim()) };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
