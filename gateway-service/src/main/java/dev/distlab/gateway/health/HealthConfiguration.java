package dev.distlab.gateway.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.gateway.GatewayProperties;
import dev.distlab.gateway.balancer.BalancerRegistry;

/** The health tracker (logging each change in plain words) and the readiness prober with its rounds. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HealthTracker.class);

    @Bean
    HealthTracker healthTracker(GatewayProperties properties) {
        GatewayProperties.Health health = properties.getHealth();
        HealthSettings settings = new HealthSettings(health.getConsecutiveFailures(),
                health.isEjectOnConnectFailure(), health.getBaseEjection(), health.getMaxEjection(),
                health.getProbeFailures());
        return new HealthTracker(settings, System::nanoTime, (upstream, available, message) -> {
            if (available) {
                log.info("{}", message);
            } else {
                log.warn("{}", message);
            }
        });
    }

    @Bean
    ReadinessProber readinessProber(HealthTracker tracker, BalancerRegistry registry, GatewayProperties properties,
            OutgoingFaults faults) {
        GatewayProperties.Health health = properties.getHealth();
        return new ReadinessProber(tracker, registry::upstreams, health.getProbePath(), health.getProbeInterval(),
                health.getProbeTimeout(), faults::wrap);
    }

    @Bean
    PeriodicRounds readinessRounds(ReadinessProber prober) {
        return prober.rounds();
    }
}
