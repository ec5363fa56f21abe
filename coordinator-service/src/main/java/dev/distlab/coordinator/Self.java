package dev.distlab.coordinator;

import org.springframework.core.env.Environment;

/** This coordinator: its instance id, and the base URL at which participants reach it. */
public class Self {

    private final String id;
    private final String configuredUrl;
    private final Environment environment;

    Self(String id, String configuredUrl, Environment environment) {
        this.id = id;
        this.configuredUrl = configuredUrl == null ? "" : configuredUrl.trim();
        this.environment = environment;
    }

    public String id() {
        return id;
    }

    /** {@code platform.bank.coordinator-url}, else {@code http://127.0.0.1:<the port the server listens on>}. */
    public String url() {
        if (!configuredUrl.isEmpty()) {
            return configuredUrl.endsWith("/") ? configuredUrl.substring(0, configuredUrl.length() - 1) : configuredUrl;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8091"));
        return "http://127.0.0.1:" + port;
    }
}
