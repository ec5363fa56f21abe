package dev.distlab.gateway.discovery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.distlab.gateway.routing.RouteTable;

/** Where the instance lists come from: Spring Cloud simple discovery, with one-line overrides. */
@Configuration(proxyBeanMethods = false)
class DiscoveryConfiguration {

    @Bean
    static ServiceListOverrides serviceListOverrides(Environment environment) {
        return new ServiceListOverrides(environment, RouteTable.standard().services());
    }
}
