package dev.distlab.common.fault;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Fault injection in every service: the registry, the {@code faults} endpoint, the clock, the incoming filter
 * and the outgoing hook that the services' clients are wrapped with.
 */
@Configuration(proxyBeanMethods = false)
public class FaultConfiguration {

    @Bean
    FaultRegistry faultRegistry(CrashPoints crashPoints, ObjectProvider<MeterRegistry> meters) {
        // slices of a service's tests may run without the actuator's registry
        return new FaultRegistry(crashPoints, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Logs expiries when they happen, not only when someone next looks. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService faultExpiry(FaultRegistry registry) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fault-expiry");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(registry::sweep, 1, 1, TimeUnit.SECONDS);
        return executor;
    }

    @Bean
    PlatformClock platformClock(FaultRegistry registry) {
        return PlatformClock.of(registry);
    }

    @Bean
    OutgoingFaults outgoingFaults(FaultRegistry registry) {
        return new OutgoingFaults(registry);
    }

    @Bean
    FaultsEndpoint faultsEndpoint(FaultRegistry registry) {
        return new FaultsEndpoint(registry);
    }

    @Bean
    IncomingFaults incomingFaults(FaultRegistry registry) {
        return new IncomingFaults(registry);
    }

    /** After the instance id (faulted answers carry it too), before the token check and everything else. */
    @Bean
    FilterRegistrationBean<IncomingFaultFilter> incomingFaultFilter(IncomingFaults faults) {
        var registration = new FilterRegistrationBean<>(new IncomingFaultFilter(faults));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
