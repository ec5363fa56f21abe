package dev.distlab.participant.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this participant takes part in the Paxos config store. Membership is static: every replica is given
 * the same {@code members} list (base URLs in id order: the first is replica 1).
 */
@ConfigurationProperties("platform.replication")
public class ReplicationProperties {

    /** Base URLs of all replicas, this one included, in id order (PLATFORM_REPLICATION_MEMBERS). */
    private List<String> members = new ArrayList<>(
            List.of("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"));

    /**
     * Where the replicas take each other's protocol messages, in the order of {@code members}
     * (PLATFORM_REPLICATION_PEER_URLS). Each replica listens on the port of its own entry, on a connector with
     * threads of its own, so that client requests waiting for a commit can never hold every thread the messages
     * that commit them need. Empty: the messages go to the members' URLs, sharing their threads.
     */
    private List<String> peerUrls = new ArrayList<>();

    /** This replica's id (1-based position in members); 0 takes the number at the end of the instance id. */
    private int nodeId;

    /**
     * The cluster's name: with the number of members it makes the cluster id that every data directory and
     * every peer request carries, so that replicas of two clusters never mix (PLATFORM_REPLICATION_CLUSTER_NAME).
     */
    private String clusterName = "distlab";

    /**
     * Re-add this replica after its data directory was lost: start empty, marked rejoining (no vote until it
     * has caught up). Without it, an empty replica that its peers remember refuses to start.
     */
    private boolean rejoin;

    /** How long a replica with an empty data directory waits for its peers to say whether they remember it. */
    private Duration joinTimeout = Duration.ofSeconds(3);

    /** Length of one protocol tick. */
    private Duration tick = Duration.ofMillis(50);

    /** A leader sends heartbeats every this many ticks. */
    private int heartbeatTicks = 2;

    /** A follower that hears nothing from a leader for 1 to 2 times this many ticks starts an election. */
    private int electionTicks = 10;

    /** A request that cannot be committed (or confirmed, for a read) within this time fails with 503. */
    private Duration requestTimeout = Duration.ofSeconds(3);

    /** Take a state machine snapshot (and let the log be truncated) every this many applied slots. */
    private int snapshotEvery = 5000;

    /**
     * ... or once the commands applied since the last snapshot add up to this many bytes (or to a quarter of
     * the last snapshot, if less): the log above the snapshot, held in the heap, stays a fraction of the state.
     */
    private long snapshotBytes = 16L * 1024 * 1024;

    /**
     * Space quota: characters of keys and values the store may hold. A write past it is refused with 507 and
     * changes nothing; reads and deletes go on. Keep it well under a quarter of the heap: the heap holds the
     * state, a fork of it while a snapshot is written, and the log above the snapshot.
     */
    private long quotaBytes = 128L * 1024 * 1024;

    /** Rewrite the write-ahead log compactly once it is larger than this. */
    private long walCompactBytes = 64L * 1024 * 1024;

    /** Inputs (messages, requests, answers) waiting for the protocol thread; past it requests get 503. */
    private int inboxLimit = 100_000;

    /** A protocol thread that does not move for this long ends the process (pauses of the process excepted). */
    private Duration stallTimeout = Duration.ofSeconds(15);

    /** Changes kept for watches; older ones are compacted away (watchers then get 410). */
    private int historyLimit = 10_000;

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public List<String> getPeerUrls() {
        return peerUrls;
    }

    public void setPeerUrls(List<String> peerUrls) {
        this.peerUrls = peerUrls;
    }

    public int getNodeId() {
        return nodeId;
    }

    public void setNodeId(int nodeId) {
        this.nodeId = nodeId;
    }

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public boolean isRejoin() {
        return rejoin;
    }

    public void setRejoin(boolean rejoin) {
        this.rejoin = rejoin;
    }

    public Duration getJoinTimeout() {
        return joinTimeout;
    }

    public void setJoinTimeout(Duration joinTimeout) {
        this.joinTimeout = joinTimeout;
    }

    public Duration getTick() {
        return tick;
    }

    public void setTick(Duration tick) {
        this.tick = tick;
    }

    public int getHeartbeatTicks() {
        return heartbeatTicks;
    }

    public void setHeartbeatTicks(int heartbeatTicks) {
        this.heartbeatTicks = heartbeatTicks;
    }

    public int getElectionTicks() {
        return electionTicks;
    }

    public void setElectionTicks(int electionTicks) {
        this.electionTicks = electionTicks;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getSnapshotEvery() {
        return snapshotEvery;
    }

    public void setSnapshotEvery(int snapshotEvery) {
        this.snapshotEvery = snapshotEvery;
    }

    public long getWalCompactBytes() {
        return walCompactBytes;
    }

    public void setWalCompactBytes(long walCompactBytes) {
        this.walCompactBytes = walCompactBytes;
    }

    public int getHistoryLimit() {
        return historyLimit;
    }

    public void setHistoryLimit(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    public int getInboxLimit() {
        return inboxLimit;
    }

    public void setInboxLimit(int inboxLimit) {
        this.inboxLimit = inboxLimit;
    }

    public Duration getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public long getSnapshotBytes() {
        return snapshotBytes;
    }

    public void setSnapshotBytes(long snapshotBytes) {
        this.snapshotBytes = snapshotBytes;
    }

    public long getQuotaBytes() {
        return quotaBytes;
    }

    public void setQuotaBytes(long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }
}
