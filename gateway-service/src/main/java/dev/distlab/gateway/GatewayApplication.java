package dev.distlab.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.distlab.common.fatal.Launcher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The single entry point of the platform: routes, balances and watches over the upstream instances. */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        Launcher.run(GatewayApplication.class, args);
    }
}
