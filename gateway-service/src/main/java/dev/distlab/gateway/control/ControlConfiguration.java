package dev.distlab.gateway.control;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.distlab.common.security.ProtectedEndpoint;

/** The dashboard's control endpoints: faults relayed to any instance, and process control where allowed. */
@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

    /**
     * Set by {@code ./cluster} when it starts the gateway; empty elsewhere, and then instances cannot be killed,
     * paused or restarted from the gateway (the method returns null: no bean).
     */
    @Bean
    ClusterScript clusterScript(@Value("${gateway.control.cluster-script:}") String script,
            @Value("${gateway.control.cluster-home:}") String home,
            @Value("${gateway.control.timeout:90s}") Duration timeout) {
        return ClusterScript.of(script, home, timeout); // null: no such bean
    }

    /** Verification runs from the dashboard, where {@code ./cluster} started the gateway. */
    @Bean(destroyMethod = "close")
    VerifyRuns verifyRuns(ObjectProvider<ClusterScript> script, Clock clock) {
        ClusterScript cluster = script.getIfAvailable();
        return cluster == null ? null : new VerifyRuns(cluster, clock);
    }

    // an instance's faults are not public, even to read (writes under /api/gateway/** need the token anyway)
    @Bean
    ProtectedEndpoint relayedFaultsNeedToken() {
        return new ProtectedEndpoint(HttpMethod.GET, "/api/gateway/instances/*/faults/**");
    }
}
