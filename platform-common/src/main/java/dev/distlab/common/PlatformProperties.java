package dev.distlab.common;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every service shares. Each can be overridden from the environment, e.g.
 * {@code PLATFORM_INSTANCE_ID=participant-2}, {@code PLATFORM_CLUSTER_TOKEN=...}.
 */
@ConfigurationProperties("platform")
public class PlatformProperties {

    /** Name of this instance, sent in X-Instance-Id on every response (e.g. participant-2). */
    private String instanceId = "";

    /**
     * Bearer token that internal and admin endpoints require. When empty, those endpoints refuse every
     * request: a service without a token fails closed.
     */
    private String clusterToken = "";

    /** Base URLs of this service's peers, for the startup line and for services that talk to peers. */
    private List<String> peers = new ArrayList<>();

    /** Directory for this instance's durable state (databases, logs of the protocols). */
    private String dataDir = "data";

    /** Largest request body accepted, in bytes; larger bodies get 413. */
    private long maxBodyBytes = 1024 * 1024;

    /**
     * Body limit of token-protected {@code /internal/**} requests: a batch of protocol messages can be larger than
     * a public request (a promise carries the log above the last snapshot, which a snapshot keeps to about
     * 16 MiB of commands); snapshots themselves travel as 4 MiB chunks.
     */
    private long internalMaxBodyBytes = 64L * 1024 * 1024;

    /** Crash points armed at startup: {@code name} or {@code name@hits}, comma-separated (see CrashPoints). */
    private String crashPoints = "";

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public String getClusterToken() {
        return clusterToken;
    }

    public void setClusterToken(String clusterToken) {
        this.clusterToken = clusterToken;
    }

    public List<String> getPeers() {
        return peers;
    }

    public void setPeers(List<String> peers) {
        this.peers = peers;
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public String getCrashPoints() {
        return crashPoints;
    }

    public void setCrashPoints(String crashPoints) {
        this.crashPoints = crashPoints;
    }

    public long getInternalMaxBodyBytes() {
        return internalMaxBodyBytes;
    }

    public void setInternalMaxBodyBytes(long internalMaxBodyBytes) {
        this.internalMaxBodyBytes = internalMaxBodyBytes;
    }
}
