package dev.distlab.common;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.properties} as the lowest-precedence property source, so every service
 * gets the same conventions (probes, exposed actuator endpoints, strict JSON, graceful shutdown) and can
 * still override any of them.
 */
public class PlatformDefaultsPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new PropertiesPropertySourceLoader()
                    .load("platformDefaults", new ClassPathResource("platform-defaults.properties"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platform-defaults.properties", e);
        }
    }
}
