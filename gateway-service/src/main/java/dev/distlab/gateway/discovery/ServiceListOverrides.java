package dev.distlab.gateway.discovery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.core.env.Environment;

/**
 * Lets an operator give a whole instance list in one property, which replaces the service's simple
 * discovery instances: {@code gateway.services.participant-service=participant-1=http://...,participant-2=...}
 * as an argument ({@code --gateway.services.participant-service=...}) or environment variable
 * ({@code GATEWAY_SERVICES_PARTICIPANT_SERVICE=...}). Looked up by exact service name, so the environment
 * variable form works although a map key with a dash could not be bound from one.
 */
class ServiceListOverrides implements BeanPostProcessor {

    static final String PREFIX = "gateway.services.";

    private static final Logger log = LoggerFactory.getLogger(ServiceListOverrides.class);

    private final Environment environment;
    private final List<String> knownServices;

    ServiceListOverrides(Environment environment, List<String> knownServices) {
        this.environment = environment;
        this.knownServices = knownServices;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SimpleDiscoveryProperties properties) {
            apply(properties);
        }
        return bean;
    }

    void apply(SimpleDiscoveryProperties properties) {
        Set<String> services = new LinkedHashSet<>(knownServices);
        services.addAll(properties.getInstances().keySet());
        for (String service : services) {
            String spec = environment.getProperty(PREFIX + service);
            if (spec == null) {
                continue;
            }
            List<InstanceProperties> instances = new ArrayList<>();
            for (ServiceList.Entry entry : ServiceList.parse(service, spec)) {
                InstanceProperties instance = new InstanceProperties();
                instance.setUri(entry.uri());
                if (entry.uri().getPort() < 0) {
                    instance.setPort("https".equals(entry.uri().getScheme()) ? 443 : 80);
                }
                instance.setInstanceId(entry.id());
                instance.setServiceId(service);
                instances.add(instance);
            }
            properties.getInstances().put(service, instances);
            log.info("Instances of {} from {}{}: {}", service, PREFIX, service, spec);
        }
    }
}
