package dev.distlab.common.unsafe;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The unsafe switches of every service: the {@link UnsafeSwitches} bean the services consult, the startup
 * banner, the {@code unsafe} list in /actuator/info, and the gauge {@code platform.unsafe.switches{name}} (1 on,
 * 0 off) for each of this service's switches.
 */
@AutoConfiguration
@EnableConfigurationProperties(UnsafeProperties.class)
public class UnsafeAutoConfiguration {

    @Bean
    UnsafeSwitches unsafeSwitches(UnsafeProperties properties, Environment environment,
            ObjectProvider<MeterRegistry> registries) {
        UnsafeSwitches switches = new UnsafeSwitches(environment.getProperty("spring.application.name", ""),
                properties);
        registries.ifAvailable(registry -> switches.own().forEach(s -> Gauge
                .builder("platform.unsafe.switches", () -> switches.isOn(s) ? 1 : 0)
                .description("1 while this planted bug (platform.unsafe.<name>) is switched on; for teaching only")
                .tag("name", s.switchName()).register(registry)));
        return switches;
    }

    @Bean
    UnsafeBanner unsafeBanner(UnsafeSwitches switches) {
        return new UnsafeBanner(switches);
    }

    @Bean
    UnsafeInfoContributor unsafeInfoContributor(UnsafeSwitches switches) {
        return new UnsafeInfoContributor(switches);
    }
}
