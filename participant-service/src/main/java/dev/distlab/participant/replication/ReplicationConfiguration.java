package dev.distlab.participant.replication;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.client.RestClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.InstanceIdentity;
import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fatal.FatalErrors;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.fault.PlatformClock;
import dev.distlab.participant.replication.identity.HttpJoinCheck;
import dev.distlab.participant.replication.identity.IdentityBootstrap;
import dev.distlab.participant.replication.identity.JoinCheck;
import dev.distlab.participant.replication.identity.PeerGuard;
import dev.distlab.participant.replication.identity.PeerIdentityFilter;
import dev.distlab.participant.replication.identity.RateLimitedLog;
import dev.distlab.participant.replication.identity.ReplicaIdentity;
import dev.distlab.paxos.core.PaxosConfig;
import dev.distlab.paxos.node.ReplicaStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;

/** Wires the Paxos replica of this participant: storage, transport, driver, endpoints, health and info. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicationProperties.class)
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class ReplicationConfiguration {

    private static final String INTERNAL_PREFIX = "/internal/paxos/";
    private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration SNAPSHOT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    Membership replicationMembership(ReplicationProperties properties, InstanceIdentity identity) {
        return Membership.of(properties, identity);
    }

    /**
     * Who this replica is, established before the Paxos log is opened: a data directory of another cluster or
     * member, or a lost one that was not re-added, fails the startup here (see {@link IdentityBootstrap}).
     */
    @Bean
    ReplicaIdentity replicaIdentity(Membership membership, ReplicationProperties properties,
            PlatformProperties platform, InstanceIdentity identity, OutgoingFaults faults, PlatformClock clock) {
        nameReplicas(membership, identity, faults);
        JoinCheck joinCheck = new HttpJoinCheck(membership.peers(), platform.getClusterToken(),
                faults.wrap(peerClient(PEER_CONNECT_TIMEOUT)), properties.getJoinTimeout());
        return new IdentityBootstrap(Path.of(platform.getDataDir(), "paxos"), properties.getClusterName(),
                membership.members().size(), membership.nodeId(), properties.isRejoin(), joinCheck,
                clock::millis, new SecureRandom()).establish();
    }


    @Bean
    ReplicaDriver replicaDriver(Membership membership, ReplicaIdentity replicaIdentity,
            ReplicationProperties properties, PlatformProperties platform, InstanceIdentity identity,
            MeterRegistry registry, OutgoingFaults faults, RestClient.Builder restClients) {
        nameReplicas(membership, identity, faults);
        int nodeId = membership.nodeId();
        PaxosConfig config = PaxosConfig.ofSize(membership.members().size())
                .withTicks(properties.getHeartbeatTicks(), properties.getElectionTicks());
        ReplicaDriver[] self = new ReplicaDriver[1];
        ReplicationMetrics metrics = new ReplicationMetrics(registry, () -> self[0].status());
        metrics.quota(registry, () -> self[0]);
        Map<String, String> headers = replicaIdentity.requestHeaders();
        self[0] = new ReplicaDriver(nodeId, config, properties, Path.of(platform.getDataDir(), "paxos"),
                new PeerTransport(membership.peerMessageUrls(), platform.getClusterToken(), headers, faults),
                new LeaderClient(membership.members(), platform.getClusterToken(), headers, faults, restClients),
                new SnapshotFetcher(membership.members(), platform.getClusterToken(), headers,
                        faults.wrap(peerClient(SNAPSHOT_CONNECT_TIMEOUT))),
                replicaIdentity, metrics, identity.id(), FatalErrors.exitProcess(10_000));
        return self[0];
    }

    /**
     * The identity check of every peer request, after the cluster token (an unauthenticated request is answered
     * 401 and records nothing) and before the request reaches the replica.
     */
    @Bean
    FilterRegistrationBean<PeerIdentityFilter> peerIdentityFilter(Membership membership, ReplicaIdentity identity) {
        var registration = new FilterRegistrationBean<>(new PeerIdentityFilter(
                new PeerGuard(identity, membership.members().size(), RateLimitedLog.everyTenSeconds())));
        registration.addUrlPatterns(PeerTransport.MESSAGES_PATH, LeaderClient.PROPOSE_PATH,
                LeaderClient.READ_INDEX_PATH, SnapshotController.PATH + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    /** The protocol messages' own port and threads, when the peer URLs name one (see {@link PeerConnector}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> peerConnector(Membership membership) {
        int port = membership.ownPeerPort();
        return port == 0 ? factory -> { } : new PeerConnector(port);
    }

    /** Nothing but the protocol messages on the peer port (see {@link PeerPortFilter}). */
    @Bean
    FilterRegistrationBean<PeerPortFilter> peerPortFilter(Membership membership) {
        var registration = new FilterRegistrationBean<>(new PeerPortFilter(membership.ownPeerPort()));
        registration.setEnabled(membership.ownPeerPort() != 0);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 14);
        return registration;
    }

    /** The protocol message stream, outside the dispatcher (see {@link PeerMessageServlet}). */
    @Bean
    ServletRegistrationBean<PeerMessageServlet> peerMessageServlet(ReplicaDriver driver) {
        var registration = new ServletRegistrationBean<>(new PeerMessageServlet(driver), PeerTransport.MESSAGES_PATH);
        registration.setName("peerMessages");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The replicas' own traffic (message batches, forwarded writes, read-index requests) is not a user request:
     * no trace and no {@code http.server.requests} timer per batch, which on a busy replica cost as much as
     * handling the batch, on either side (the forwarding {@link LeaderClient}'s calls neither). The replication
     * metrics cover it.
     */
    @Bean
    ObservationPredicate noObservationOfReplicaTraffic() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier().getRequestURI().startsWith(INTERNAL_PREFIX)
                || context instanceof ClientRequestObservationContext client && client.getCarrier() != null
                        && client.getCarrier().getURI().getRawPath().startsWith(INTERNAL_PREFIX));
    }

    /** Starts the replica before the web server takes requests and stops it after the server drained. */
    @Bean
    SmartLifecycle replicaLifecycle(ReplicaDriver driver) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                driver.start();
                running = true;
            }

            @Override
            public void stop() {
                driver.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 4096; // below the web server's graceful shutdown phase
            }
        };
    }

    /** Readiness: this replica is part of a working majority (it can serve linearizable requests). */
    @Bean
    HealthIndicator paxos(ReplicaDriver driver) {
        return () -> {
            ReplicaStatus status = driver.status();
            Health.Builder health = status.inWorkingMajority() ? Health.up() : Health.outOfService();
            return health.withDetail("role", status.role()).withDetail("leader", status.leaderId())
                    .withDetail("ballot", status.ballot()).withDetail("commitIndex", status.commitIndex())
                    .withDetail("appliedIndex", status.appliedIndex()).build();
        };
    }

    /**
     * Liveness includes the protocol thread's heartbeat: a replica whose protocol thread died or stalled is
     * restarted by its supervisor (the process also ends itself; this catches what that cannot).
     */
    @Bean
    HealthIndicator paxosLoop(ReplicaDriver driver) {
        return () -> (driver.protocolThreadAlive() ? Health.up() : Health.down())
                .withDetail("role", driver.status().role()).build();
    }

    @Bean
    InfoContributor paxosInfo(ReplicaDriver driver, ReplicationProperties properties, ReplicaIdentity identity) {
        return builder -> builder.withDetail("paxos", Map.of("replica", driver.status().nodeId(), "members",
                properties.getMembers(), "tick", properties.getTick().toString(), "snapshotEvery",
                properties.getSnapshotEvery(), "cluster", Map.of("name", identity.clusterName(), "id",
                        identity.clusterId()), "incarnation", identity.incarnation(), "rejoining",
                identity.rejoining()));
    }

    /** HTTP/1.1 to the other replicas; each request sets its own time-out. */
    private static HttpClient peerClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /**
     * Tells the fault hook the instance ids of the replicas, so that a fault can name them (participant-2): the
     * members are numbered as this instance's id ends; a peer's own X-Instance-Id answers correct a wrong guess.
     */
    private static void nameReplicas(Membership membership, InstanceIdentity identity, OutgoingFaults faults) {
        Matcher matcher = Membership.TRAILING_NUMBER.matcher(identity.id());
        if (matcher.find()) {
            String prefix = identity.id().substring(0, matcher.start());
            membership.members().forEach((id, url) -> faults.name(URI.create(url), prefix + id));
            membership.messageUrls().forEach((id, url) -> faults.name(URI.create(url), prefix + id));
        }
    }
}
