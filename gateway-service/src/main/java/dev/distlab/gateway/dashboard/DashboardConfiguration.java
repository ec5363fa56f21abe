package dev.distlab.gateway.dashboard;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlab.common.fault.OutgoingFaults;

/** The dashboard's server side: the reads of every instance (the page itself is static, under {@code static/}). */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    /** A replica that cannot answer within this is shown as unreachable rather than holding the page up. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

    @Bean
    InstanceReads instanceReads(OutgoingFaults faults) {
        return new InstanceReads(READ_TIMEOUT, faults::wrap);
    }
}
