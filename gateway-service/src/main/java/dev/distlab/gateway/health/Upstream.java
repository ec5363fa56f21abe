package dev.distlab.gateway.health;

import java.net.URI;
import java.util.Objects;

/** One instance of a service the gateway routes to: {@code participant-2 at http://127.0.0.1:8082}. */
public record Upstream(String service, String id, URI uri) {

    public Upstream {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
    }

    /** How log lines name it: {@code participant-2 (http://127.0.0.1:8082)}. */
    public String label() {
        return id + " (" + uri + ")";
    }
}
