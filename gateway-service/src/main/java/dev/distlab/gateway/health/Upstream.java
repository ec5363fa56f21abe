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

    /** Looked up on every request (health, metrics): the same instances are compared, mostly with themselves. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Upstream that && service.equals(that.service) && id.equals(that.id)
                && uri.equals(that.uri);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * service.hashCode() + id.hashCode()) + uri.hashCode();
    }

    /** How log lines name it: {@code participant-2 (http://127.0.0.1:8082)}. */
    public String label() {
        return id + " (" + uri + ")";
    }
}
