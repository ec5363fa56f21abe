package dev.distlab.coordinator;

import org.springframework.core.env.Environment;

/** This coordinator: its instance id, and the base URL at which participants reach it. */
public class Self {

    private final String id;
    private final Environment environment;
    /**
     * The configured URL, or the local one once the server listens: asking the environment walks its property sources,
     * and every transfer asks.
     */
    private volatile String resolvedUrl;

    Self(String id, String configuredUrl, Environment environment) {
        this.id = id;
        this.environment = environment;
        String configured = configuredUrl == null ? "" : configuredUrl.trim();
        if (!configured.isEmpty()) {
            resolvedUrl = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
    }

    public String id() {
        return id;
    }

    /** {@code platform.bank.coordinator-url}, else {@code http://127.0.0.1:<the port the server listens on>}. */
    public String url() {
        String url = resolvedUrl;
        if (url != null) {
            return url;
        }
        String listening = environment.getProperty("local.server.port");
        url = "http://127.0.0.1:" + (listening != null ? listening : environment.getProperty("server.port", "8091"));
        if (listening != null) {
            resolvedUrl = url; // until the server listens, the port may still change (server.port=0)
        }
        return url;
    }
}
