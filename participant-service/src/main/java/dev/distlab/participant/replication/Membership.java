package dev.distlab.participant.replication;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.distlab.common.InstanceIdentity;

/**
 * The replicas by id (1-based position in the members list), where each takes its protocol messages, and which of
 * them this replica is. Checked at startup: a replica given a list it is not in, or peer URLs that do not match
 * the members one for one, does not start.
 */
record Membership(Map<Integer, String> members, Map<Integer, String> messageUrls, int nodeId) {

    static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

    static Membership of(ReplicationProperties properties, InstanceIdentity identity) {
        Map<Integer, String> members = numbered(properties.getMembers());
        int nodeId = properties.getNodeId() != 0 ? properties.getNodeId() : trailingNumber(identity.id());
        if (!members.containsKey(nodeId)) {
            throw new IllegalStateException("Replica id " + nodeId + " (from instance id '" + identity.id()
                    + "' or platform.replication.node-id) is not among the " + members.size()
                    + " members in platform.replication.members");
        }
        Map<Integer, String> messageUrls = members;
        if (!properties.getPeerUrls().isEmpty()) {
            messageUrls = numbered(properties.getPeerUrls());
            if (messageUrls.size() != members.size()) {
                throw new IllegalStateException("platform.replication.peer-urls names " + messageUrls.size()
                        + " replicas and platform.replication.members " + members.size()
                        + ": give one peer URL per member, in the same order");
            }
            for (String url : messageUrls.values()) {
                if (URI.create(url).getPort() <= 0) {
                    throw new IllegalStateException("Peer URL " + url + " in platform.replication.peer-urls has "
                            + "no port: every replica listens for protocol messages on the port of its own");
                }
            }
        }
        return new Membership(Map.copyOf(members), Map.copyOf(messageUrls), nodeId);
    }

    /** The other replicas' base URLs (for forwarded requests, read indexes, snapshots and the join check). */
    Map<Integer, String> peers() {
        return without(members);
    }

    /** Where the other replicas take protocol messages. */
    Map<Integer, String> peerMessageUrls() {
        return without(messageUrls);
    }

    /** The port this replica takes protocol messages on when it is not the one of its base URL, else 0. */
    int ownPeerPort() {
        URI own = URI.create(messageUrls.get(nodeId));
        return own.getPort() == URI.create(members.get(nodeId)).getPort() ? 0 : own.getPort();
    }

    private Map<Integer, String> without(Map<Integer, String> urls) {
        Map<Integer, String> others = new LinkedHashMap<>(urls);
        others.remove(nodeId);
        return others;
    }

    private static Map<Integer, String> numbered(List<String> urls) {
        Map<Integer, String> numbered = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            numbered.put(i + 1, stripSlash(urls.get(i).trim()));
        }
        return numbered;
    }

    private static int trailingNumber(String instanceId) {
        Matcher matcher = TRAILING_NUMBER.matcher(instanceId);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
