package dev.distlab.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

import dev.distlab.common.tracing.ZipkinExportFilter;

/**
 * Adds {@code platform-defaults.properties} as the lowest-precedence property source, so every service
 * gets the same conventions (probes, exposed actuator endpoints, strict JSON, graceful shutdown) and can
 * still override any of them.
 *
 * <p>It also takes Spring Boot 3's name for the Zipkin endpoint, {@value #BOOT3_ZIPKIN_ENDPOINT} (environment
 * {@code MANAGEMENT_ZIPKIN_TRACING_ENDPOINT}), when Boot 4's {@value ZipkinExportFilter#ENDPOINT} is not set: Boot 4
 * no longer reads the old name, and a deployment that still sets it would export nothing without a word.
 */
public class PlatformDefaultsPostProcessor implements EnvironmentPostProcessor {

    static final String BOOT3_ZIPKIN_ENDPOINT = "management.zipkin.tracing.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new PropertiesPropertySourceLoader()
                    .load("platformDefaults", new ClassPathResource("platform-defaults.properties"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platform-defaults.properties", e);
        }
        String boot3Endpoint = environment.getProperty(BOOT3_ZIPKIN_ENDPOINT);
        if (boot3Endpoint != null && !boot3Endpoint.isBlank() && !ZipkinExportFilter.exporting(environment)) {
            environment.getPropertySources().addFirst(new MapPropertySource("zipkinEndpointBoot3Name",
                    Map.of(ZipkinExportFilter.ENDPOINT, boot3Endpoint)));
        }
    }
}
