package dev.distlab.gateway.dashboard;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.fault.OutgoingFaults;

/** The dashboard's server side: the topology probe (the page itself is static, under {@code static/}). */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    /** A replica that cannot answer within this is shown as unreachable rather than holding the page up. */
    private static final Duration NODE_TIMEOUT = Duration.ofMillis(800);

    @Bean
    NodeProbe nodeProbe(OutgoingFaults faults) {
        return new NodeProbe(NODE_TIMEOUT, faults::wrap);
    }
}
