package dev.distlab.common.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import dev.distlab.common.InstanceIdentity;
import dev.distlab.common.PlatformProperties;

/** Logs, in one line, who this instance is, where it listens and which peers it knows. */
public class StartupAnnouncer implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupAnnouncer.class);

    private final InstanceIdentity identity;
    private final PlatformProperties properties;

    public StartupAnnouncer(InstanceIdentity identity, PlatformProperties properties) {
        this.identity = identity;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        log.info("Instance {} ({}) listening on port {}; peers: {}; cluster token {}", identity.id(),
                identity.service(), event.getWebServer().getPort(),
                properties.getPeers().isEmpty() ? "none" : String.join(", ", properties.getPeers()),
                properties.getClusterToken().isBlank() ? "NOT SET (internal and admin endpoints refuse all requests)"
                        : "set");
    }
}
