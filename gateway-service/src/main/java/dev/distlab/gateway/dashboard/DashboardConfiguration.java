package dev.distlab.gateway.dashboard;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.health.PeriodicRounds;

/**
 * The dashboard's server side: the reads of every instance, and the consensus history with its sampler (the page
 * itself is static, under {@code static/}).
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    /** A replica that cannot answer within this is shown as unreachable rather than holding the page up. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

    @Bean
    InstanceReads instanceReads(OutgoingFaults faults) {
        return new InstanceReads(READ_TIMEOUT, faults::wrap);
    }

    @Bean
    ParticipantNodes participantNodes(BalancerRegistry registry, InstanceReads reads, Clock clock) {
        return new ParticipantNodes(registry, reads, clock);
    }

    @Bean
    BranchesInDoubt branchesInDoubt(BalancerRegistry registry, InstanceReads reads, PlatformProperties platform,
            Clock clock) {
        return new BranchesInDoubt(registry, reads, platform.getClusterToken(), clock);
    }

    @Bean
    ConsensusHistory consensusHistory(GatewayProperties properties, Clock clock) {
        GatewayProperties.Dashboard dashboard = properties.getDashboard();
        return new ConsensusHistory(dashboard.getHistoryInterval(), dashboard.getHistoryRetention(), clock::instant);
    }

    @Bean
    ConsensusSampler consensusSampler(ParticipantNodes participants, ConsensusHistory history,
            GatewayProperties properties) {
        return new ConsensusSampler(participants, history, properties.getDashboard().getHistoryInterval());
    }

    @Bean
    PeriodicRounds consensusRounds(ConsensusSampler sampler) {
        return sampler.rounds();
    }
}
