package dev.distlab.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.distlab.gateway.balancer.policy.PolicyType;

/**
 * The gateway's own settings ({@code gateway.*}). The instance lists are not here: they are Spring Cloud's
 * simple discovery properties, or {@code gateway.services.<service>} (see application.yml).
 */
@ConfigurationProperties("gateway")
public class GatewayProperties {

    private final Upstream upstream = new Upstream();
    private final Health health = new Health();
    private final Balancer balancer = new Balancer();
    private final Dashboard dashboard = new Dashboard();

    public Upstream getUpstream() {
        return upstream;
    }

    public Health getHealth() {
        return health;
    }

    public Balancer getBalancer() {
        return balancer;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    /** How the gateway talks to upstream instances. */
    public static class Upstream {

        /** Longest wait for a connection to an instance. */
        private Duration connectTimeout = Duration.ofSeconds(1);

        /** Longest wait for an answer to an ordinary request (a long-poll or watch waits longer, see below). */
        private Duration readTimeout = Duration.ofSeconds(30);

        /** Added to the time a long-poll or watch asks to wait ({@code ?timeout=S}: default 30, at most 300). */
        private Duration longPollMargin = Duration.ofSeconds(15);

        /** A pooled connection to an instance idle this long is closed (before the instance's own keep-alive ends). */
        private Duration idleTimeout = Duration.ofSeconds(15);

        /** Idle connections kept per instance and front thread. */
        private int maxIdleConnections = 256;

        /** Front threads, each serving its clients and their upstream connections; 0 for one per CPU. */
        private int threads;

        /** Requests held by injected faults at once (each waits on a thread of its own); more are refused with 503. */
        private int maxFaultHeldRequests = 256;

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public int getMaxIdleConnections() {
            return maxIdleConnections;
        }

        public void setMaxIdleConnections(int maxIdleConnections) {
            this.maxIdleConnections = maxIdleConnections;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getMaxFaultHeldRequests() {
            return maxFaultHeldRequests;
        }

        public void setMaxFaultHeldRequests(int maxFaultHeldRequests) {
            this.maxFaultHeldRequests = maxFaultHeldRequests;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getLongPollMargin() {
            return longPollMargin;
        }

        public void setLongPollMargin(Duration longPollMargin) {
            this.longPollMargin = longPollMargin;
        }
    }

    /** Passive ejection and active readiness checks. */
    public static class Health {

        /** Failed requests in a row (connect failure, timeout, broken connection, 5xx but 503 and 507) that eject. */
        private int consecutiveFailures = 3;

        /** Whether one connect failure (nothing listening) ejects at once. */
        private boolean ejectOnConnectFailure = true;

        /** First ejection; doubles with each further ejection. */
        private Duration baseEjection = Duration.ofSeconds(1);

        /** Longest ejection. */
        private Duration maxEjection = Duration.ofSeconds(30);

        /** How often each instance's readiness is checked. */
        private Duration probeInterval = Duration.ofSeconds(1);

        /** Longest wait for a readiness answer. */
        private Duration probeTimeout = Duration.ofMillis(800);

        /** Failed readiness checks in a row that take an instance out of the rotation. */
        private int probeFailures = 2;

        /** The path checked on each instance. */
        private String probePath = "/actuator/health/readiness";

        public int getConsecutiveFailures() {
            return consecutiveFailures;
        }

        public void setConsecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
        }

        public boolean isEjectOnConnectFailure() {
            return ejectOnConnectFailure;
        }

        public void setEjectOnConnectFailure(boolean ejectOnConnectFailure) {
            this.ejectOnConnectFailure = ejectOnConnectFailure;
        }

        public Duration getBaseEjection() {
            return baseEjection;
        }

        public void setBaseEjection(Duration baseEjection) {
            this.baseEjection = baseEjection;
        }

        public Duration getMaxEjection() {
            return maxEjection;
        }

        public void setMaxEjection(Duration maxEjection) {
            this.maxEjection = maxEjection;
        }

        public Duration getProbeInterval() {
            return probeInterval;
        }

        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }

        public Duration getProbeTimeout() {
            return probeTimeout;
        }

        public void setProbeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
        }

        public int getProbeFailures() {
            return probeFailures;
        }

        public void setProbeFailures(int probeFailures) {
            this.probeFailures = probeFailures;
        }

        public String getProbePath() {
            return probePath;
        }

        public void setProbePath(String probePath) {
            this.probePath = probePath;
        }
    }

    /** Balancing defaults. */
    public static class Balancer {

        /** Policy of every service at startup: round-robin, random or weighted. */
        private PolicyType defaultPolicy = PolicyType.ROUND_ROBIN;

        /** Seed of the random policy, for reproducible runs; unset means a different sequence each run. */
        private Long randomSeed;

        /** Where the balancer settings are kept so that every gateway replica shares them. */
        private final Store store = new Store();

        public Store getStore() {
            return store;
        }

        public PolicyType getDefaultPolicy() {
            return defaultPolicy;
        }

        public void setDefaultPolicy(PolicyType defaultPolicy) {
            this.defaultPolicy = defaultPolicy;
        }

        public Long getRandomSeed() {
            return randomSeed;
        }

        public void setRandomSeed(Long randomSeed) {
            this.randomSeed = randomSeed;
        }
    }

    /**
     * The balancer settings in the config store: key {@code gateway/balancers/<service>}, value the JSON text
     * {@code {"policy":"weighted","weights":{"participant-1":5}}}. A PUT writes the store first and applies
     * locally only once the write is committed; a watch applies every change (from any gateway, or written
     * straight to the store) within a second.
     */
    public static class Store {

        /** Keep the settings in the config store (off: in memory only, per gateway). */
        private boolean enabled = true;

        /** The service whose instances are the config store replicas (from discovery). */
        private String service = "participant-service";

        /** Explicit replica base URLs; when empty, the instances of {@link #service}. */
        private java.util.List<String> replicas = new java.util.ArrayList<>();

        /** Longest wait for a connection to a replica. */
        private Duration connectTimeout = Duration.ofSeconds(1);

        /** Longest wait for one replica's answer; the store fails a write it cannot commit within a few seconds. */
        private Duration requestTimeout = Duration.ofSeconds(5);

        /** Longest wait at startup for the stored settings before serving with the defaults. */
        private Duration startupWait = Duration.ofSeconds(3);

        /** Long-poll of the watch (0-300 s). */
        private Duration pollTimeout = Duration.ofSeconds(30);

        /** Longest pause between attempts while the store cannot be reached. */
        private Duration maxBackoff = Duration.ofSeconds(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public java.util.List<String> getReplicas() {
            return replicas;
        }

        public void setReplicas(java.util.List<String> replicas) {
            this.replicas = replicas;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public Duration getStartupWait() {
            return startupWait;
        }

        public void setStartupWait(Duration startupWait) {
            this.startupWait = startupWait;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** The dashboard's server side. */
    public static class Dashboard {

        /** How often the consensus history reads the participants' {@code /api/node}. */
        private Duration historyInterval = Duration.ofSeconds(1);

        /** How far back the consensus history reaches; it keeps at most retention / interval samples. */
        private Duration historyRetention = Duration.ofMinutes(10);

        public Duration getHistoryInterval() {
            return historyInterval;
        }

        public void setHistoryInterval(Duration historyInterval) {
            this.historyInterval = historyInterval;
        }

        public Duration getHistoryRetention() {
            return historyRetention;
        }

        public void setHistoryRetention(Duration historyRetention) {
            this.historyRetention = historyRetention;
        }
    }
}
