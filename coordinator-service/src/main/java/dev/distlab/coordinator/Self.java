package dev.distlab.coordinator;

import org.springframework.core.env.Environment;

/** This coordinator: its instance id, and the base URL at which participants reach it. */
public class Self {

    private final String id;
    private final String configuredUrl;
    private final Environment environment;
    /** The URL once the server's port is known: asking the environment walks its property sources on every call. */
    private volatile String resolvedUrl;

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
        String url = resolvedUrl;
        if (url != null) {
            return url;
        }
        if (!configuredUrl.isEmpty()) {
            url = configuredUrl.endsWith("/") ? configuredUrl.substring(0, configuredUrl.length() - 1) : configuredUrl;
            resolvedUrl = url;
            return url;
        }
        String listening = environment.getProperty("local.server.port");
        url = "http://127.0.0.1:" + (listening != null ? listening : environment.getProperty("server.port", "8091"));
        if (listening != null) {
            resolvedUrl = url; // before the server listens the port may still change (server.port=0)
        }
        return url;
    }
}
